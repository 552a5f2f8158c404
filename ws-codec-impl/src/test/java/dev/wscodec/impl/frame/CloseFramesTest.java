package dev.wscodec.impl.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseFramesTest {

    @Test
    void parsesEmptyCodeOnlyAndCodeWithReason() {
        assertEquals(CloseStatus.EMPTY, CloseFrames.parse(new byte[0]));
        assertEquals(CloseStatus.of(1000, ""), CloseFrames.parse(new byte[] {0x03, (byte) 0xE8}));
        assertEquals(CloseStatus.of(3000, "é"), CloseFrames.parse(new byte[] {0x0B, (byte) 0xB8, (byte) 0xC3, (byte) 0xA9}));
    }

    @Test
    void rejectsBrokenPayloads() {
        assertEquals(Violation.CLOSE_PAYLOAD_TOO_SHORT,
                assertThrows(WsProtocolException.class, () -> CloseFrames.parse(new byte[] {3})).violation());
        assertEquals(Violation.INVALID_CLOSE_CODE,
                assertThrows(WsProtocolException.class, () -> CloseFrames.parse(new byte[] {0x03, (byte) 0xED})).violation());
        assertEquals(Violation.INVALID_CLOSE_REASON, assertThrows(WsProtocolException.class,
                () -> CloseFrames.parse(new byte[] {0x03, (byte) 0xE8, (byte) 0xC3})).violation());
    }

    @Test
    void encodes() {
        assertArrayEquals(new byte[0], CloseFrames.encode(CloseStatus.EMPTY));
        assertArrayEquals(new byte[] {0x03, (byte) 0xE9, 'x'}, CloseFrames.encode(CloseStatus.of(1001, "x")));
        assertThrows(WsUsageException.class, () -> CloseFrames.encode(CloseStatus.of(1006, "")));
        assertThrows(WsUsageException.class, () -> CloseFrames.encode(CloseStatus.of(1000, "x".repeat(124))));
        assertEquals(125, CloseFrames.encode(CloseStatus.of(1000, "x".repeat(123))).length);
    }

    @Test
    void shortReasonCutsAtACharacterBoundary() {
        String s = "a" + "€".repeat(50); // 1 + 150 bytes
        String cut = CloseFrames.shortReason(s);
        byte[] b = cut.getBytes(StandardCharsets.UTF_8);
        assertEquals(121, b.length, "1 + 40 whole euro signs; the 41st would end at byte 124");
        assertEquals(s.substring(0, cut.length()), cut);
        assertEquals("short", CloseFrames.shortReason("short"));
    }
}
