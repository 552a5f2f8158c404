package dev.wscodec.hixie;

import static dev.wscodec.hixie.Wire.bytes;
import static dev.wscodec.hixie.Wire.concat;
import static dev.wscodec.hixie.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Received frames as hex fixtures, each fed whole, split at every offset and one byte at a time. */
class FramesTest {

    private static final WsConfig SMALL = WsConfig.builder().maxFrameSize(200).maxMessageSize(150).build();

    private static List<String> texts(List<WsEvent> events) {
        return events.stream().map(e -> assertInstanceOf(TextMessage.class, e).text()).toList();
    }

    @Test
    void aTextFrame() {
        Wire.everySplit(() -> Wire.openServer(WsConfig.DEFAULT), hex("00 48 65 6c 6c 6f ff"),
                (engine, events) -> assertEquals(List.of("Hello"), texts(events)));
    }

    @Test
    void multiByteUtf8AndAnEmptyFrameBackToBack() {
        // "é€𝄞" then an empty text frame
        Wire.everySplit(() -> Wire.openServer(WsConfig.DEFAULT), hex("00 c3 a9 e2 82 ac f0 9d 84 9e ff 00 ff"),
                (engine, events) -> assertEquals(List.of("é€\uD834\uDD1E", ""), texts(events)));
    }

    @Test
    void framesOfOtherSentinelTypesAreDiscarded() {
        Wire.everySplit(() -> Wire.openServer(WsConfig.DEFAULT), hex("01 ab cd 80 ff 00 41 ff"),
                (engine, events) -> assertEquals(List.of("A"), texts(events)));
    }

    @Test
    void lengthPrefixedFramesAreReadAndDiscarded() {
        // type 0x80, length 0x81 0x00 = 128 bytes; then type 0xFE length 2; then a zero-length one; then text "B"
        byte[] wire = concat(hex("80 81 00"), new byte[128], hex("fe 02 ff ff"), hex("90 00"), hex("00 42 ff"));
        Wire.everySplit(() -> Wire.openServer(WsConfig.DEFAULT), wire,
                (engine, events) -> assertEquals(List.of("B"), texts(events)));
    }

    @Test
    void theClosingFrameIsAnsweredAndEndsTheConnection() {
        Wire.everySplit(() -> Wire.openServer(WsConfig.DEFAULT), hex("00 61 ff ff 00 00 62 ff"), (engine, events) -> {
            assertEquals(2, events.size(), () -> "events: " + events);
            assertEquals("a", assertInstanceOf(TextMessage.class, events.get(0)).text());
            assertEquals(new Close(CloseStatus.EMPTY), events.get(1));
            assertArrayEquals(hex("ff 00"), bytes(engine.pollOutput()));
            assertNull(engine.pollOutput());
            assertEquals(WsEngine.State.CLOSED, engine.state());
            assertEquals(WsEngine.Initiator.PEER, engine.closeInitiator());
            assertEquals(CloseStatus.EMPTY, engine.closeStatus());
        });
    }

    @Test
    void invalidUtf8FailsTheConnectionWithoutAFrame() {
        WsProtocolException e = Wire.assertFails(() -> Wire.openServer(WsConfig.DEFAULT), hex("00 41 c3 28 ff"),
                Violation.INVALID_UTF8);
        assertEquals("A text frame holds bytes that are not valid UTF-8 (draft-hixie-76 section 5.3).", e.getMessage());
        WsEngine engine = Wire.openServer(WsConfig.DEFAULT);
        try {
            engine.receive(java.nio.ByteBuffer.wrap(hex("00 ed a0 80 ff")));
        } catch (WsProtocolException expected) {
            assertEquals(Violation.INVALID_UTF8, expected.violation()); // a surrogate
        }
        assertNull(engine.pollOutput());
        assertEquals(CloseStatus.INVALID_PAYLOAD_DATA, engine.closeStatus().code());
    }

    @Test
    void aSequenceCutByTheEndByteIsInvalid() {
        Wire.assertFails(() -> Wire.openServer(WsConfig.DEFAULT), hex("00 e2 82 ff"), Violation.INVALID_UTF8);
    }

    @Test
    void aTextFrameWithNoEndInSightMayNotGrowPastTheMessageLimit() {
        byte[] wire = concat(hex("00"), "x".repeat(151).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        WsProtocolException e = Wire.assertFails(() -> Wire.openServer(SMALL), wire, Violation.MESSAGE_TOO_BIG);
        assertEquals("A text message is larger than the limit of 150 bytes (WsConfig.maxMessageSize) and its end "
                + "byte 0xFF is not in sight.", e.getMessage());
        byte[] exactly = concat(hex("00"), "x".repeat(150).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                hex("ff"));
        Wire.everySplit(() -> Wire.openServer(SMALL), exactly,
                (engine, events) -> assertEquals(150, texts(events).get(0).length()));
    }

    @Test
    void discardedFramesMayNotGrowPastTheFrameLimit() {
        Wire.assertFails(() -> Wire.openServer(SMALL), concat(hex("01"), new byte[201]), Violation.FRAME_TOO_BIG);
        Wire.assertFails(() -> Wire.openServer(SMALL), hex("80 81 49"), Violation.FRAME_TOO_BIG); // 201
        Wire.assertFails(() -> Wire.openServer(SMALL), hex("80 80 80 80 80 80 80 80 80 80 80"), Violation.FRAME_TOO_BIG);
    }

    @Test
    void streamingDeliversChunksThatJoinToTheText() {
        WsConfig streaming = WsConfig.builder().streaming(true).build();
        byte[] wire = hex("00 68 c3 a9 6c 6c 6f ff");
        Wire.everySplit(() -> Wire.openServer(streaming), wire, (engine, events) -> {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < events.size(); i++) {
                MessageChunk c = assertInstanceOf(MessageChunk.class, events.get(i));
                assertEquals(i == 0, c.first());
                assertEquals(i == events.size() - 1, c.last());
                joined.writeBytes(bytes(c.data()));
            }
            assertEquals("héllo", joined.toString(java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    @Test
    void bytesAfterTheClosingFrameAreIgnored() {
        WsEngine engine = Wire.openServer(WsConfig.DEFAULT);
        List<WsEvent> events = engine.receive(java.nio.ByteBuffer.wrap(hex("ff 00 00 41 ff")));
        assertEquals(1, events.size());
        assertTrue(engine.receive(java.nio.ByteBuffer.wrap(hex("00 42 ff"))).isEmpty());
    }
}
