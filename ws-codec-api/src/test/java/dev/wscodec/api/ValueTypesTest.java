package dev.wscodec.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.spi.ValidatedText;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Close codes, headers, messages and control payloads: the rules the value types enforce themselves. */
class ValueTypesTest {

    @Test
    void closeCodesAllowedOnTheWireFollowRfc6455Section7_4() {
        int[] valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999};
        int[] invalid = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535};
        for (int c : valid) {
            assertTrue(CloseStatus.isValidOnWire(c), "valid: " + c);
        }
        for (int c : invalid) {
            assertFalse(CloseStatus.isValidOnWire(c), "invalid: " + c);
        }
        assertTrue(CloseStatus.EMPTY.isSendable(), "an empty close frame can be sent");
        assertFalse(CloseStatus.ABNORMAL.isSendable(), "1006 is never sent");
    }

    @Test
    void headerTokensAreCaseInsensitiveAndCommaSeparated() {
        HttpHeaders h = HttpHeaders.of("connection", "keep-alive, Upgrade", "Sec-WebSocket-Protocol", "chat",
                "sec-websocket-protocol", " superchat ,, ");
        assertTrue(h.containsToken("Connection", "upgrade"));
        assertEquals(List.of("chat", "superchat"), h.tokens("SEC-WEBSOCKET-PROTOCOL"));
        assertEquals("keep-alive, Upgrade", h.get("CONNECTION"));
    }

    @Test
    void headersRefuseLineBreaksAndBadNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpHeaders.builder().add("X-Evil", "a\r\nSet-Cookie: x"));
        assertEquals("The value of header 'X-Evil' holds a line break, NUL or non-Latin-1 character.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.builder().add("Bad Name", "v"));
    }

    @Test
    void messagesAreImmutableViews() {
        byte[] data = {1, 2, 3};
        BinaryMessage m = BinaryMessage.of(data);
        data[0] = 9; // the message holds its own copy
        assertArrayEquals(new byte[] {1, 2, 3}, m.toByteArray());
        assertThrows(ReadOnlyBufferException.class, () -> m.payload().put(0, (byte) 7));
        m.toByteArray()[1] = 9; // a copy, again
        assertEquals(BinaryMessage.of(new byte[] {1, 2, 3}), m);
        TextMessage t = ValidatedText.wrap("héllo".getBytes(StandardCharsets.UTF_8));
        assertEquals("héllo", t.text());
        assertEquals(6, t.length());
        assertEquals(TextMessage.of("héllo"), t);
        byte[] utf8 = t.toByteArray();
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), utf8);
        utf8[0] = 'j'; // a copy
        assertEquals("héllo", t.text());
        assertEquals(TextMessage.of("héllo"), t);
    }

    @Test
    void controlPayloadsAreAtMost125Bytes() {
        new Ping(ByteBuffer.allocate(125));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pong(ByteBuffer.allocate(126)));
        assertEquals("A pong carries at most 125 bytes of data but 126 were given (RFC 6455 section 5.5).", e.getMessage());
    }

    @Test
    void configDefaultsAndValidation() {
        WsConfig d = WsConfig.DEFAULT;
        assertEquals(WsConfig.DEFAULT_MAX_HANDSHAKE_SIZE, d.maxHandshakeSize());
        assertEquals(WsConfig.DEFAULT_MAX_FRAME_SIZE, d.maxFrameSize());
        assertEquals(WsConfig.DEFAULT_MAX_MESSAGE_SIZE, d.maxMessageSize());
        assertTrue(d.autoPong());
        assertFalse(d.streaming());
        assertEquals(null, d.deflate());
        assertThrows(IllegalArgumentException.class, () -> WsConfig.builder().maxFrameSize(124));
        assertThrows(IllegalArgumentException.class, () -> WsConfig.builder().subprotocols("not a token"));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> WsConfig.builder().maxMessageSize(4L << 30).build());
        assertTrue(big.getMessage().contains("enable streaming"), big.getMessage());
        assertEquals(4L << 30, WsConfig.builder().streaming(true).maxMessageSize(4L << 30).build().maxMessageSize());
        WsConfig copy = d.toBuilder().subprotocols("chat", "superchat").build();
        assertEquals(List.of("chat", "superchat"), copy.subprotocols());
        assertEquals(List.of(), d.subprotocols(), "the original is unchanged");
    }

    @Test
    void violationsCarryEitherAStatusOrACloseCode() {
        for (Violation v : Violation.values()) {
            boolean status = v.httpStatus() != 0;
            boolean code = v.closeCode() != 0;
            assertTrue(status ^ code, v + " has exactly one of an HTTP status and a close code");
            if (code) {
                assertTrue(CloseStatus.isValidOnWire(v.closeCode()), v + " closes with a sendable code");
            }
        }
        assertEquals(426, Violation.UNSUPPORTED_VERSION.httpStatus());
        assertEquals(1007, Violation.INVALID_UTF8.closeCode());
        assertEquals(1009, Violation.MESSAGE_TOO_BIG.closeCode());
    }

    /** Whether a rule is about the handshake is said by each constant, not by where it stands in the enum. */
    @Test
    void violationsSayWhetherTheyAreAboutTheHandshake() {
        for (Violation v : Violation.values()) {
            if (v.httpStatus() != 0) {
                assertTrue(v.isHandshake(), v + " is answered with an HTTP status");
            }
            if (!v.isHandshake()) {
                assertEquals(0, v.httpStatus(), v.toString());
                assertTrue(v.closeCode() >= 1002, v.toString());
            }
        }
        assertTrue(Violation.UNOFFERED_EXTENSION.isHandshake(), "a client's handshake rule");
        assertFalse(Violation.NON_MINIMAL_LENGTH.isHandshake());
        assertFalse(Violation.BAD_COMPRESSED_DATA.isHandshake());
    }

    /** The close-reason length rule, written once and used by the codec and the bridge. */
    @Test
    void aCloseReasonIsAtMost123BytesOfUtf8() {
        assertEquals(null, CloseStatus.reasonTooLong("a".repeat(123)));
        assertEquals(null, CloseStatus.reasonTooLong("a" + "é".repeat(61)));
        assertEquals("The close reason is 124 bytes long in UTF-8 but at most 123 fit in a close frame (RFC 6455 "
                + "section 5.5.1).", CloseStatus.reasonTooLong("é".repeat(62)));
    }
}
