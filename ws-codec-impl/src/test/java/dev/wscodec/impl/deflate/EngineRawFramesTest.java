package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.impl.Rfc6455Engine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-made frames with compressed payloads fed to engines: the RFC 7692 §7.2.3 examples, bombs, corrupt data. */
class EngineRawFramesTest {

    private static final WsConfig DEFLATE = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();

    /** The RFC 7692 §7.2.3 examples as server-to-client frames (unmasked), each carrying "Hello". */
    private static final String[] SERVER_FRAMES = {
        "c1 07 f2 48 cd c9 c9 07 00",                            // §7.2.3.1
        "41 03 f2 48 cd 80 04 c9 c9 07 00",                      // §7.2.3.1 fragmented
        "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00",                // §7.2.3.3
        "c1 08 f3 48 cd c9 c9 07 00 00",                         // §7.2.3.4
        "c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00",          // §7.2.3.5
    };

    /** Feeds the bytes split at {@code split} and returns the events. */
    private static List<WsEvent> feed(WsEngine engine, byte[] bytes, int split) {
        List<WsEvent> events = new ArrayList<>();
        engine.receive(ByteBuffer.wrap(bytes, 0, split), events::add);
        engine.receive(ByteBuffer.wrap(bytes, split, bytes.length - split), events::add);
        return events;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theRfcExamplesDecodeInAClientEngineAtEverySplit(int example) {
        byte[] frames = hex(SERVER_FRAMES[example]);
        for (int split = 0; split <= frames.length; split++) {
            EngineLoop loop = EngineLoop.open(DEFLATE, DEFLATE);
            assertEquals(List.of(TextMessage.of("Hello")), feed(loop.client, frames, split), "split at " + split);
            loop.release();
        }
    }

    @Test
    void theSharedWindowExampleDecodesInAClientEngine() {
        byte[] both = hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"); // §7.2.3.2
        for (int split = 0; split <= both.length; split++) {
            EngineLoop loop = EngineLoop.open(DEFLATE, DEFLATE);
            assertEquals(List.of(TextMessage.of("Hello"), TextMessage.of("Hello")), feed(loop.client, both, split));
            loop.release();
        }
    }

    @Test
    void theServerEngineSendsTheRfcBytes() {
        WsConfig always = WsConfig.builder().deflate(DeflateConfig.DEFAULT.withMinSizeToCompress(0)).build();
        EngineLoop loop = EngineLoop.open(DEFLATE, always);
        assertEquals("c1 07 f2 48 cd c9 c9 07 00", hex(toArray(loop.server.send(TextMessage.of("Hello")))));
        assertEquals("c1 05 f2 00 11 00 00", hex(toArray(loop.server.send(TextMessage.of("Hello")))));
        loop.release();
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    /** The examples masked as client frames fed to a server engine, split at every offset. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theRfcExamplesDecodeInAServerEngineAtEverySplit(int example) {
        byte[] unmasked = hex(SERVER_FRAMES[example]);
        ByteArrayOutputStream masked = new ByteArrayOutputStream();
        for (int off = 0; off < unmasked.length; ) {
            int len = unmasked[off + 1];
            masked.writeBytes(EngineLoop.masked(unmasked[off] & 0xff, Arrays.copyOfRange(unmasked, off + 2, off + 2 + len)));
            off += 2 + len;
        }
        byte[] frames = masked.toByteArray();
        for (int split = 0; split <= frames.length; split++) {
            EngineLoop loop = EngineLoop.open(DEFLATE, DEFLATE);
            assertEquals(List.of(TextMessage.of("Hello")), feed(loop.server, frames, split), "split at " + split);
            loop.release();
        }
    }

    /** Fails the server engine with this frame; returns the exception after checking the close frame it queued. */
    private static WsProtocolException fail(WsConfig config, byte[] frame, Violation expected) {
        EngineLoop loop = EngineLoop.open(DEFLATE, config);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> loop.server.receive(ByteBuffer.wrap(frame)));
        assertEquals(expected, e.violation());
        ByteBuffer close = loop.server.pollOutput();
        List<WsEvent> events = loop.client.receive(close);
        Close c = (Close) events.get(events.size() - 1);
        assertEquals(expected.closeCode(), c.status().code());
        assertEquals(WsEngine.State.CLOSED, loop.server.state());
        loop.release();
        return e;
    }

    @Test
    void aCompressedBombIsRefusedWith1009() {
        // 64 MiB of zeros, compressed to about 64 KiB, against a 1 MiB message limit
        Deflater d = new Deflater(9, true);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        byte[] out = new byte[1 << 16];
        for (int i = 0; i < 64; i++) {
            d.setInput(zeros);
            bomb.write(out, 0, d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH));
        }
        d.end();
        int inflaters = ZlibPool.liveInflaters();
        WsConfig limited = WsConfig.builder().deflate(DeflateConfig.DEFAULT).maxMessageSize(1 << 20).build();
        WsProtocolException e = fail(limited, EngineLoop.masked(0xc2, bomb.toByteArray()), Violation.DECODED_MESSAGE_TOO_BIG);
        assertEquals(1009, e.closeCode());
        assertEquals(inflaters, ZlibPool.liveInflaters(), "the inflater was ended");
    }

    @Test
    void corruptCompressedDataIsRefusedWith1007() {
        fail(DEFLATE, EngineLoop.masked(0xc1, hex("ff ff ff")), Violation.BAD_COMPRESSED_DATA);
    }

    @Test
    void aCompressedControlFrameIsRefusedWith1002() {
        // RFC 7692 §6.1: RSV1 on a ping
        fail(DEFLATE, EngineLoop.masked(0xc9, new byte[0]), Violation.COMPRESSED_CONTROL);
    }

    @Test
    void rsv1WithoutTheExtensionIsRefusedWith1002() {
        fail(WsConfig.DEFAULT, EngineLoop.masked(0xc1, hex("f2 48 cd c9 c9 07 00")), Violation.RESERVED_BITS);
    }

    /** A 101 answer to the client's request, with this extensions header. */
    private static byte[] answer(ByteBuffer request, String extensions) throws Exception {
        String head = StandardCharsets.ISO_8859_1.decode(request).toString();
        String key = head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:"))
                .findFirst().orElseThrow().substring(18).trim();
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n"
                + "Sec-WebSocket-Extensions: " + extensions + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; foo", "permessage-deflate; client_max_window_bits",
        "permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_no_context_takeover=1"})
    void aClientEngineFailsOnABadAnswer(String extensions) throws Exception {
        WsEngine client = Rfc6455Engine.client(DEFLATE,
                ClientHandshake.of("localhost", "/"));
        byte[] response = answer(client.openingHandshake(), extensions);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> client.receive(ByteBuffer.wrap(response)));
        assertEquals(Violation.UNOFFERED_EXTENSION, e.violation());
        assertTrue(e.getMessage().startsWith("The server's permessage-deflate answer '"), e.getMessage());
        assertEquals(WsEngine.State.CLOSED, client.state());
        client.release();
    }

    @Test
    void aClientEngineAcceptsAValidAnswerWithUnaskedParameters() throws Exception {
        WsEngine client = Rfc6455Engine.client(DEFLATE,
                ClientHandshake.of("localhost", "/"));
        byte[] response = answer(client.openingHandshake(),
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=9");
        List<WsEvent> events = client.receive(ByteBuffer.wrap(response));
        assertTrue(events.get(0) instanceof WsEvent.HandshakeAccepted);
        // client_max_window_bits=9: this client now sends uncompressed (RSV1 clear)
        assertEquals(0x81, client.send(TextMessage.of("x".repeat(1000))).get(0) & 0xff);
        client.release();
    }

    @Test
    void anUncompressedMessageMayFollowACompressedOne() {
        EngineLoop loop = EngineLoop.open(DEFLATE, DEFLATE);
        byte[] frames = hex("c1 07 f2 48 cd c9 c9 07 00 81 05 48 65 6c 6c 6f c1 05 f2 00 11 00 00");
        List<WsEvent> events = loop.client.receive(ByteBuffer.wrap(frames));
        assertEquals(List.of(TextMessage.of("Hello"), TextMessage.of("Hello"), TextMessage.of("Hello")), events);
        assertTrue(loop.client.state() == WsEngine.State.OPEN);
        loop.release();
    }
}
