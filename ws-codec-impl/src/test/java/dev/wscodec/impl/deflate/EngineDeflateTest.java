package dev.wscodec.impl.deflate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** permessage-deflate through a client engine and a server engine, both directions, without sockets. */
class EngineDeflateTest {

    private static WsConfig deflate(DeflateConfig d) {
        return WsConfig.builder().deflate(d).build();
    }

    private static String text(int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < size; i++) {
            sb.append("message ").append(i % 13).append(" \u00e9\u20ac; ");
        }
        return sb.substring(0, size);
    }

    /** Sends a message from one engine to the other and returns the wire bytes; checks what arrives. */
    private static ByteBuffer roundTrip(WsEngine from, WsEngine to, Message m) {
        ByteBuffer wire = from.send(m);
        ByteBuffer copy = wire.duplicate();
        List<WsEvent> events = to.receive(wire);
        assertEquals(1, events.size(), "one message");
        assertEquals(m, events.get(0));
        return copy;
    }

    private static boolean rsv1(ByteBuffer frame) {
        return (frame.get(0) & 0x40) != 0;
    }

    @Test
    void bothSidesNegotiateAndCompressBothWays() {
        EngineLoop loop = EngineLoop.open(deflate(DeflateConfig.DEFAULT), deflate(DeflateConfig.DEFAULT));
        assertEquals("[permessage-deflate]", loop.clientExtensions());
        assertEquals("permessage-deflate", loop.serverAnswerHeader());
        for (int size : new int[] {0, 10, 63, 64, 1000, 70_000, 300_000}) {
            TextMessage m = TextMessage.of(text(size));
            ByteBuffer up = roundTrip(loop.client, loop.server, m);
            ByteBuffer down = roundTrip(loop.server, loop.client, m);
            boolean compressed = m.length() >= DeflateConfig.DEFAULT_MIN_SIZE_TO_COMPRESS;
            assertEquals(compressed, rsv1(up), "client RSV1 for " + size);
            assertEquals(compressed, rsv1(down), "server RSV1 for " + size);
            if (compressed) {
                assertTrue(down.remaining() < m.length() / 2, "compressed " + size + " -> " + down.remaining());
            }
        }
        loop.release();
    }

    /** Words in random order: compressible, but not by referring to itself at short distances only. */
    private static String words(int count) {
        String[] dictionary = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
            "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(dictionary[random.nextInt(dictionary.length)]).append(random.nextInt(100)).append(' ');
        }
        return sb.toString();
    }

    @Test
    void contextTakeoverShrinksTheSecondMessageOnTheWire() {
        TextMessage m = TextMessage.of(words(400));
        EngineLoop takeover = EngineLoop.open(deflate(DeflateConfig.DEFAULT), deflate(DeflateConfig.DEFAULT));
        int first = roundTrip(takeover.server, takeover.client, m).remaining();
        int second = roundTrip(takeover.server, takeover.client, m).remaining();
        takeover.release();
        DeflateConfig noTakeover = DeflateConfig.DEFAULT.withServerNoContextTakeover(true);
        EngineLoop fresh = EngineLoop.open(deflate(noTakeover), deflate(DeflateConfig.DEFAULT));
        assertEquals("permessage-deflate; server_no_context_takeover", fresh.serverAnswerHeader());
        assertEquals(first, roundTrip(fresh.server, fresh.client, m).remaining());
        assertEquals(first, roundTrip(fresh.server, fresh.client, m).remaining());
        fresh.release();
        assertTrue(second < first / 4, second + " vs " + first);
    }

    @Test
    void aSmallServerWindowIsAcceptedAndTheServerSendsUncompressed() {
        EngineLoop loop = EngineLoop.open(deflate(DeflateConfig.DEFAULT.withServerMaxWindowBits(10)),
                deflate(DeflateConfig.DEFAULT));
        assertEquals("permessage-deflate; server_max_window_bits=10", loop.serverAnswerHeader());
        TextMessage m = TextMessage.of(text(5000));
        assertTrue(rsv1(roundTrip(loop.client, loop.server, m)), "the client compresses");
        ByteBuffer down = roundTrip(loop.server, loop.client, m);
        assertEquals(0, down.get(0) & 0x40, "the server does not");
        assertTrue(down.remaining() > m.length());
        loop.release();
    }

    @Test
    void aSmallClientWindowIsAskedByTheServerAndTheClientSendsUncompressed() {
        EngineLoop loop = EngineLoop.open(deflate(DeflateConfig.DEFAULT),
                deflate(DeflateConfig.DEFAULT.withClientMaxWindowBits(9)));
        assertEquals("permessage-deflate; client_max_window_bits=9", loop.serverAnswerHeader());
        TextMessage m = TextMessage.of(text(5000));
        assertEquals(0, roundTrip(loop.client, loop.server, m).get(0) & 0x40);
        assertTrue(rsv1(roundTrip(loop.server, loop.client, m)));
        loop.release();
    }

    @Test
    void withoutDeflateOnOneSideNothingIsNegotiated() {
        EngineLoop loop = EngineLoop.open(deflate(DeflateConfig.DEFAULT), WsConfig.DEFAULT);
        assertEquals("[]", loop.clientExtensions());
        assertNull(loop.serverAnswerHeader());
        assertEquals(0, roundTrip(loop.client, loop.server, TextMessage.of(text(5000))).get(0) & 0x40);
        loop.release();
        EngineLoop other = EngineLoop.open(WsConfig.DEFAULT, deflate(DeflateConfig.DEFAULT));
        assertEquals("[]", other.clientExtensions());
        other.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 4096})
    void fragmentedAndStreamedCompressedMessagesArrive(int fragmentSize) {
        WsConfig cfg = WsConfig.builder().deflate(DeflateConfig.DEFAULT).fragmentSize(fragmentSize).build();
        EngineLoop loop = EngineLoop.open(cfg, cfg);
        byte[] data = text(50_000).getBytes(UTF_8);
        roundTrip(loop.client, loop.server, BinaryMessage.of(data));
        // streamed: three chunks, one compressed message with RSV1 on its first frame only
        List<ByteBuffer> frames = new ArrayList<>();
        int[] cuts = {0, 7, 30_000, data.length};
        for (int i = 0; i < 3; i++) {
            frames.add(loop.server.send(new MessageChunk(Opcode.BINARY,
                    ByteBuffer.wrap(data, cuts[i], cuts[i + 1] - cuts[i]), i == 0, i == 2)));
        }
        assertTrue(rsv1(frames.get(0)));
        assertEquals(0, frames.get(1).get(0) & 0x70, "RFC 7692 §6.1: no RSV1 on continuation frames");
        assertEquals(0, frames.get(2).get(0) & 0x70);
        List<WsEvent> events = new ArrayList<>();
        for (ByteBuffer f : frames) {
            events.addAll(loop.client.receive(f));
        }
        assertEquals(1, events.size());
        assertArrayEquals(data, ((BinaryMessage) events.get(0)).toByteArray());
        loop.release();
    }

    @Test
    void manyRandomMessagesInBothDirectionsWithMixedContextSettings() {
        SplittableRandom random = new SplittableRandom(42);
        DeflateConfig a = DeflateConfig.DEFAULT.withClientNoContextTakeover(true).withMinSizeToCompress(0);
        DeflateConfig b = DeflateConfig.DEFAULT.withLevel(1);
        EngineLoop loop = EngineLoop.open(deflate(a), deflate(b));
        assertEquals("permessage-deflate; client_no_context_takeover", loop.serverAnswerHeader());
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[random.nextInt(i % 10 == 0 ? 100_000 : 2000)];
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) (random.nextInt(random.nextBoolean() ? 4 : 256));
            }
            BinaryMessage m = BinaryMessage.of(payload);
            if (random.nextBoolean()) {
                roundTrip(loop.client, loop.server, m);
            } else {
                roundTrip(loop.server, loop.client, m);
            }
        }
        loop.release();
    }

    @Test
    void releasingBothEnginesEndsEveryDeflaterAndInflaterTheyCreated() {
        int deflaters = ZlibPool.liveDeflaters();
        int inflaters = ZlibPool.liveInflaters();
        for (int i = 0; i < 50; i++) {
            EngineLoop loop = EngineLoop.open(deflate(DeflateConfig.DEFAULT), deflate(DeflateConfig.DEFAULT));
            TextMessage m = TextMessage.of(text(500));
            roundTrip(loop.client, loop.server, m);
            roundTrip(loop.server, loop.client, m);
            assertTrue(ZlibPool.liveDeflaters() >= deflaters + 2, "context takeover keeps one deflater per side");
            loop.release();
            loop.release();
        }
        assertEquals(deflaters, ZlibPool.liveDeflaters());
        assertEquals(inflaters, ZlibPool.liveInflaters());
    }
}
