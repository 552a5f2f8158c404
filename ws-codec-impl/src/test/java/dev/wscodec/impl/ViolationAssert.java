package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/** Asserts how an engine fails the connection when the peer breaks a rule. */
final class ViolationAssert {

    private ViolationAssert() {
    }

    /**
     * Feeds {@code wire} to fresh engines, whole and split at every offset, and checks each time: the exception
     * names {@code violation}, the queued close frame carries its close code and the exception's message as reason,
     * the engine is CLOSED by FAILURE, and later input is ignored.
     *
     * @return the exception of the unsplit feed
     */
    static WsProtocolException assertFails(Supplier<WsEngine> engines, byte[] wire, Violation violation) {
        WsProtocolException first = null;
        for (int at = wire.length; at >= 0; at--) {
            WsEngine engine = engines.get();
            int split = at;
            WsProtocolException e = assertThrows(WsProtocolException.class,
                    () -> TestSupport.feedSplit(engine, wire, split), () -> "split at " + split);
            assertEquals(violation, e.violation(), () -> "split at " + split + ": " + e.getMessage());
            assertTrue(e.getMessage().endsWith(".") && Character.isUpperCase(e.getMessage().charAt(0)),
                    "a full sentence: " + e.getMessage());
            CloseStatus sent = parseClose(engine.pollOutput());
            assertEquals(violation.closeCode(), sent.code());
            assertEquals(e.getMessage().length() <= 123 ? e.getMessage() : sent.reason(), sent.reason());
            assertTrue(e.getMessage().startsWith(sent.reason()));
            assertEquals(WsEngine.State.CLOSED, engine.state());
            assertEquals(WsEngine.Initiator.FAILURE, engine.closeInitiator());
            assertEquals(sent, engine.closeStatus());
            assertTrue(engine.receive(ByteBuffer.wrap(TestSupport.hex("89 80 00 00 00 00 81 00"))).isEmpty(),
                    "input after the failure is ignored");
            assertNull(engine.pollOutput());
            if (first == null) {
                first = e;
            }
        }
        return first;
    }

    /** Decodes one close frame, masked or not, as written by an engine. */
    static CloseStatus parseClose(ByteBuffer out) {
        assertNotNull(out, "a close frame was queued");
        byte[] b = TestSupport.bytes(out);
        assertEquals(0x88, b[0] & 0xFF, "FIN + close opcode");
        int len = b[1] & 0x7F;
        assertTrue(len <= 125);
        boolean masked = (b[1] & 0x80) != 0;
        int start = masked ? 6 : 2;
        assertEquals(start + len, b.length, "exactly one close frame");
        byte[] payload = Arrays.copyOfRange(b, start, b.length);
        if (masked) {
            payload = TestSupport.maskNaive(payload, Arrays.copyOfRange(b, 2, 6));
        }
        if (len == 0) {
            return CloseStatus.EMPTY;
        }
        int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        return new CloseStatus(code, new String(payload, 2, len - 2, StandardCharsets.UTF_8));
    }
}
