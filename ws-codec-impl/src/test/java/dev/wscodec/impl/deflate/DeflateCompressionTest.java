package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.decode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.encode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.hex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Opcode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Outgoing compression (RFC 7692 §7.2.1): threshold, context takeover, streaming chunks, round trips. */
class DeflateCompressionTest {

    private static final DeflateConfig DEFAULT = DeflateConfig.DEFAULT;

    private static byte[] text(int size) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (sb.length() < size) {
            sb.append("{\"id\":").append(i++).append(",\"name\":\"caf\u00e9 ").append(i % 7).append("\"} ");
        }
        return Arrays.copyOf(sb.toString().getBytes(UTF_8), size);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void wholeMessagesBelowTheThresholdAreSentUncompressed() {
        PerMessageDeflate ext = DeflateTestSupport.server(DEFAULT);
        assertNull(encode(ext, text(DeflateConfig.DEFAULT_MIN_SIZE_TO_COMPRESS - 1)));
        assertNotNull(encode(ext, text(DeflateConfig.DEFAULT_MIN_SIZE_TO_COMPRESS)));
        ext.release();
        PerMessageDeflate big = DeflateTestSupport.server(DEFAULT.withMinSizeToCompress(1000));
        assertNull(encode(big, text(999)));
        assertNotNull(encode(big, text(1000)));
        big.release();
    }

    @Test
    void uncompressedMessagesDoNotDisturbTheSharedWindow() {
        PerMessageDeflate sender = DeflateTestSupport.server(DEFAULT);
        PerMessageDeflate receiver = DeflateTestSupport.client(DEFAULT);
        for (int size : new int[] {100, 10, 300, 0, 5000, 63, 64}) {
            byte[] message = text(size);
            byte[] wire = encode(sender, message);
            if (wire != null) {
                assertArrayEquals(message, decode(receiver, wire), "size " + size);
            }
        }
        sender.release();
        receiver.release();
    }

    @Test
    void controlFramesAreNeverCompressed() {
        PerMessageDeflate ext = DeflateTestSupport.server(DEFAULT.withMinSizeToCompress(0));
        DeflateTestSupport.Collector out = new DeflateTestSupport.Collector();
        for (Opcode control : new Opcode[] {Opcode.PING, Opcode.PONG, Opcode.CLOSE}) {
            assertEquals(-1, ext.encode(control, ByteBuffer.wrap(text(100)), true, true, out));
        }
        assertEquals(0, out.writes);
        ext.release();
    }

    @Test
    void contextTakeoverMakesRepeatedMessagesSmaller() {
        byte[] message = text(2000);
        PerMessageDeflate takeover = DeflateTestSupport.server(DEFAULT);
        PerMessageDeflate fresh = DeflateTestSupport.server(DEFAULT, "server_no_context_takeover");
        int first = encode(takeover, message).length;
        int second = encode(takeover, message).length;
        assertEquals(first, encode(fresh, message).length);
        assertEquals(first, encode(fresh, message).length);
        assertTrue(second < first / 4, "second " + second + " vs first " + first);
        takeover.release();
        fresh.release();
    }

    /** Sends a message in chunks of these sizes and returns the frame payloads produced. */
    private static List<byte[]> stream(PerMessageDeflate ext, byte[] message, int... chunkSizes) {
        List<byte[]> frames = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < chunkSizes.length; i++) {
            DeflateTestSupport.Collector out = new DeflateTestSupport.Collector();
            boolean fin = i == chunkSizes.length - 1;
            int rsv = ext.encode(Opcode.BINARY, ByteBuffer.wrap(message, off, chunkSizes[i]), i == 0, fin, out);
            assertEquals(PerMessageDeflate.RSV1, rsv, "compressed chunk " + i);
            off += chunkSizes[i];
            frames.add(out.toByteArray());
        }
        assertEquals(message.length, off);
        return frames;
    }

    @Test
    void aStreamedMessageIsFlushedPerChunkAndKeepsTheTailUntilTheLastChunk() {
        byte[] message = text(30_000);
        PerMessageDeflate sender = DeflateTestSupport.server(DEFAULT);
        PerMessageDeflate receiver = DeflateTestSupport.client(DEFAULT);
        List<byte[]> frames = stream(sender, message, 10, 20_000, 9_990);
        for (int i = 0; i < 2; i++) {
            byte[] f = frames.get(i);
            assertEquals("00 00 ff ff", hex(Arrays.copyOfRange(f, f.length - 4, f.length)), "SYNC_FLUSH tail kept");
        }
        byte[] last = frames.get(2);
        assertFalse(hex(last).endsWith("00 00 ff ff"), "tail removed at the end of the message");
        // each frame inflates on arrival
        DeflateTestSupport.Collector sink = new DeflateTestSupport.Collector();
        receiver.decode(ByteBuffer.wrap(frames.get(0)), false, sink);
        assertEquals(10, sink.total, "the first chunk is readable before the rest is sent");
        receiver.decode(ByteBuffer.wrap(frames.get(1)), false, sink);
        receiver.decode(ByteBuffer.wrap(frames.get(2)), true, sink);
        assertArrayEquals(message, sink.toByteArray());
        // and the shared window continues into the next message
        byte[] next = text(500);
        assertArrayEquals(next, decode(receiver, encode(sender, next)));
        sender.release();
        receiver.release();
    }

    @Test
    void aStreamedMessageMayEndWithAnEmptyChunk() {
        byte[] message = text(1000);
        PerMessageDeflate sender = DeflateTestSupport.server(DEFAULT);
        PerMessageDeflate receiver = DeflateTestSupport.client(DEFAULT);
        List<byte[]> frames = stream(sender, message, 1000, 0);
        assertEquals("00", hex(frames.get(1)), "RFC 7692 §7.2.3.6 empty block header");
        assertArrayEquals(message, decode(receiver, frames.toArray(new byte[0][])));
        assertArrayEquals(message, decode(receiver, encode(sender, message)));
        sender.release();
        receiver.release();
    }

    @Test
    void aStreamedMessageIsCompressedEvenIfItsFirstChunkIsSmall() {
        PerMessageDeflate sender = DeflateTestSupport.server(DEFAULT, "server_no_context_takeover");
        byte[] message = text(300);
        List<byte[]> frames = stream(sender, message, 1, 0, 299);
        PerMessageDeflate receiver = DeflateTestSupport.client(DEFAULT, "server_no_context_takeover");
        assertArrayEquals(message, decode(receiver, frames.toArray(new byte[0][])));
        assertFalse(sender.holdsNativeMemory());
        assertFalse(receiver.holdsNativeMemory());
        sender.release();
        receiver.release();
    }

    @Test
    void aStreamedMessageWithASmallWindowIsSentUncompressedThroughout() {
        PerMessageDeflate sender = DeflateTestSupport.server(DEFAULT, "server_max_window_bits=10");
        DeflateTestSupport.Collector out = new DeflateTestSupport.Collector();
        assertEquals(-1, sender.encode(Opcode.TEXT, ByteBuffer.wrap(text(100)), true, false, out));
        assertEquals(-1, sender.encode(Opcode.CONTINUATION, ByteBuffer.wrap(text(100)), false, true, out));
        assertEquals(0, out.writes);
        sender.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 6, 9})
    void everyLevelRoundTrips(int level) {
        DeflateConfig config = DEFAULT.withLevel(level);
        PerMessageDeflate sender = DeflateTestSupport.client(config);
        PerMessageDeflate receiver = DeflateTestSupport.server(config);
        for (byte[] message : List.of(text(100), text(70_000), random(5000, level))) {
            assertArrayEquals(message, decode(receiver, encode(sender, message)));
        }
        sender.release();
        receiver.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 4095, 65_535, 65_536, 65_537, 200_000, 1 << 20})
    void incompressibleAndCompressibleMessagesOfManySizesRoundTrip(int size) {
        for (boolean noContext : new boolean[] {false, true}) {
            String[] params = noContext ? new String[] {"client_no_context_takeover"} : new String[0];
            PerMessageDeflate sender = DeflateTestSupport.client(DEFAULT, params);
            PerMessageDeflate receiver = DeflateTestSupport.server(DEFAULT, params);
            for (byte[] message : List.of(random(size, size), text(size), random(size, size + 1))) {
                byte[] wire = encode(sender, message);
                assertArrayEquals(message, decode(receiver, split(wire, 3)));
            }
            sender.release();
            receiver.release();
        }
    }

    /** The payload cut into {@code n} frames of about equal size. */
    private static byte[][] split(byte[] wire, int n) {
        byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = Arrays.copyOfRange(wire, wire.length * i / n, wire.length * (i + 1) / n);
        }
        return frames;
    }

    @Test
    void directAndReadOnlyBuffersWorkBothWays() {
        byte[] message = text(10_000);
        PerMessageDeflate sender = DeflateTestSupport.server(DEFAULT);
        PerMessageDeflate receiver = DeflateTestSupport.client(DEFAULT);
        for (int round = 0; round < 2; round++) {
            ByteBuffer in = round == 0 ? ByteBuffer.allocateDirect(message.length).put(message).flip()
                    : ByteBuffer.wrap(message).asReadOnlyBuffer();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            sender.encode(Opcode.TEXT, in, true, true, b -> {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                wire.write(copy, 0, copy.length);
            });
            assertFalse(in.hasRemaining(), "the input is consumed");
            byte[] bytes = wire.toByteArray();
            ByteBuffer payload = round == 0 ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()
                    : ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            DeflateTestSupport.Collector out = new DeflateTestSupport.Collector();
            receiver.decode(payload, true, out);
            assertFalse(payload.hasRemaining(), "the payload is consumed");
            assertArrayEquals(message, out.toByteArray());
        }
        sender.release();
        receiver.release();
    }
}
