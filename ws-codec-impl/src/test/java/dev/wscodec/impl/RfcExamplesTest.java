package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.feedBytewise;
import static dev.wscodec.impl.TestSupport.feedSplit;
import static dev.wscodec.impl.TestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Pong;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The examples of RFC 6455 §5.7, fed whole, split at every offset and one byte at a time. */
class RfcExamplesTest {

    private static final byte[] HELLO = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Feeds {@code wire} to the engine whole, then split at every offset, then byte by byte; checks each result. */
    private static void everySplit(WsEngine engine, byte[] wire, Consumer<List<WsEvent>> check) {
        for (int at = 0; at <= wire.length; at = nextSplit(at, wire.length)) {
            List<WsEvent> events = feedSplit(engine, wire, at);
            check.accept(events);
        }
        check.accept(feedBytewise(engine, wire));
    }

    /**
     * Every offset for frames up to 4 KiB. For the 64 KiB frame (65,547 offsets, each allocating a fresh 64 KiB
     * message) every offset in the first and last 1,000 bytes, where header and payload edges are, and every 97th
     * offset in between; a byte-by-byte feed covers all offsets within one message as well.
     */
    private static int nextSplit(int at, int length) {
        if (length <= 4096 || at < 1000 || at >= length - 1000) {
            return at + 1;
        }
        return Math.min(at + 97, length - 1000);
    }

    private static Consumer<List<WsEvent>> one(Consumer<WsEvent> check) {
        return events -> {
            assertEquals(1, events.size(), () -> "events: " + events);
            check.accept(events.get(0));
        };
    }

    @Test
    void unmaskedTextFromServer() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        everySplit(client, hex("81 05 48 65 6c 6c 6f"),
                one(e -> assertEquals("Hello", assertInstanceOf(TextMessage.class, e).text())));
        assertNull(client.pollOutput());
    }

    @Test
    void maskedTextFromClient() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        everySplit(server, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
                one(e -> assertEquals("Hello", assertInstanceOf(TextMessage.class, e).text())));
        assertNull(server.pollOutput());
    }

    @Test
    void fragmentedUnmaskedText() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        everySplit(client, hex("01 03 48 65 6c 80 02 6c 6f"),
                one(e -> assertEquals("Hello", assertInstanceOf(TextMessage.class, e).text())));
    }

    @Test
    void pingFromServerIsReportedAndAnsweredWithTheMaskedPongOfTheRfc() {
        // With every masking key 37 fa 21 3d, the automatic pong is byte for byte the RFC's masked pong.
        WsEngine client = TestSupport.openClient(WsConfig.builder().random(TestSupport.fixedKey(0x37fa213d)).build());
        everySplit(client, hex("89 05 48 65 6c 6c 6f"), one(e -> {
            assertArrayEquals(HELLO, bytes(assertInstanceOf(Ping.class, e).data()));
            assertArrayEquals(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), bytes(client.pollOutput()));
        }));
    }

    @Test
    void maskedPongFromClient() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        everySplit(server, hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
                one(e -> assertArrayEquals(HELLO, bytes(assertInstanceOf(Pong.class, e).data()))));
        assertNull(server.pollOutput(), "a pong is not answered");
    }

    @Test
    void pingWithoutAutoPongIsOnlyReported() {
        WsEngine server = TestSupport.openServer(WsConfig.builder().autoPong(false).build());
        List<WsEvent> events = server.receive(java.nio.ByteBuffer.wrap(hex("89 85 37 fa 21 3d 7f 9f 4d 51 58")));
        assertArrayEquals(HELLO, bytes(assertInstanceOf(Ping.class, events.get(0)).data()));
        assertNull(server.pollOutput());
    }

    @Test
    void binary256WithSixteenBitLength() {
        byte[] payload = pattern(256);
        byte[] wire = concat(hex("82 7E 01 00"), payload);
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        everySplit(client, wire, one(e -> assertArrayEquals(payload, assertInstanceOf(BinaryMessage.class, e).toByteArray())));
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        everySplit(server, TestSupport.clientFrame(0x82, payload, TestSupport.KEY),
                one(e -> assertArrayEquals(payload, assertInstanceOf(BinaryMessage.class, e).toByteArray())));
    }

    @Test
    void binary64KiBWithSixtyFourBitLength() {
        byte[] payload = pattern(65536);
        byte[] wire = concat(hex("82 7F 00 00 00 00 00 01 00 00"), payload);
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        everySplit(client, wire, one(e -> assertSame64(payload, e)));
    }

    /** Compares without copying: 64 KiB split at all 65,547 offsets must stay quick. */
    private static void assertSame64(byte[] payload, WsEvent e) {
        assertEquals(java.nio.ByteBuffer.wrap(payload), assertInstanceOf(BinaryMessage.class, e).payload());
    }

    @Test
    void maskedBinary64KiBFromClient() {
        byte[] payload = pattern(65536);
        byte[] wire = TestSupport.clientFrame(0x82, payload, TestSupport.KEY);
        assertArrayEquals(hex("82 FF 00 00 00 00 00 01 00 00 37 fa 21 3d"), java.util.Arrays.copyOf(wire, 14));
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        everySplit(server, wire, one(e -> assertSame64(payload, e)));
    }

    @Test
    void severalFramesInOneRead() {
        byte[] wire = hex("81 05 48 65 6c 6c 6f 89 00 01 03 48 65 6c 8a 00 80 02 6c 6f 82 00");
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        everySplit(client, wire, events -> {
            assertEquals(5, events.size(), () -> "events: " + events);
            assertEquals("Hello", ((TextMessage) events.get(0)).text());
            assertInstanceOf(Ping.class, events.get(1));
            assertInstanceOf(Pong.class, events.get(2)); // a control frame between fragments is delivered first
            assertEquals("Hello", ((TextMessage) events.get(3)).text());
            assertEquals(0, ((BinaryMessage) events.get(4)).length());
            assertEquals(6, client.pollOutput().remaining(), "the masked pong for the empty ping");
        });
    }

    @Test
    void directAndReadOnlyBuffersDecodeTheSame() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] wire = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        assertEquals("Hello", ((TextMessage) server.receive(direct).get(0)).text());
        assertEquals(0, direct.remaining(), "receive consumes all input");
        java.nio.ByteBuffer ro = java.nio.ByteBuffer.wrap(wire).asReadOnlyBuffer();
        assertEquals("Hello", ((TextMessage) server.receive(ro).get(0)).text());
        java.nio.ByteBuffer little = java.nio.ByteBuffer.wrap(concat(hex("82 FE 01 00 37 fa 21 3d"), new byte[256]))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(256, ((BinaryMessage) server.receive(little).get(0)).length(), "byte order of the buffer is ignored");
    }

    static byte[] pattern(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + (i >>> 8));
        }
        return p;
    }
}
