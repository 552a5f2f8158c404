package dev.wscodec.impl.frame;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.charset.StandardCharsets;

/** The payload rules of close frames (RFC 6455 §5.5.1, §7.4), both ways. */
public final class CloseFrames {

    private CloseFrames() {
    }

    /**
     * Parses a received close payload.
     *
     * @return {@link CloseStatus#EMPTY} for an empty payload, else the code and reason
     * @throws WsProtocolException for a 1-byte payload, a code that may not be sent, or a reason that is not UTF-8
     */
    public static CloseStatus parse(byte[] payload) {
        int n = payload.length;
        if (n == 0) {
            return CloseStatus.EMPTY;
        }
        // RFC 6455 §5.5.1: if there is a body, the first two bytes MUST be a 2-byte unsigned integer code.
        if (n == 1) {
            throw new WsProtocolException(Violation.CLOSE_PAYLOAD_TOO_SHORT,
                    "The close frame has a 1-byte payload, too short for a status code (RFC 6455 section 5.5.1).");
        }
        int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        // RFC 6455 §7.4.1/§7.4.2: 1004-1006, 1015, codes below 1000 and unregistered ranges are not sent.
        if (!CloseStatus.isValidOnWire(code)) {
            throw new WsProtocolException(Violation.INVALID_CLOSE_CODE,
                    "The close code " + code + " may not be sent in a close frame (RFC 6455 section 7.4).");
        }
        // RFC 6455 §5.5.1: the body after the code is UTF-8 encoded data.
        if (!Utf8Validator.isValid(payload, 2, n - 2)) {
            throw new WsProtocolException(Violation.INVALID_CLOSE_REASON,
                    "The close reason is not valid UTF-8 (RFC 6455 section 5.5.1).");
        }
        return new CloseStatus(code, new String(payload, 2, n - 2, StandardCharsets.UTF_8));
    }

    /**
     * The payload to send for a status: empty for {@link CloseStatus#EMPTY}, else code and UTF-8 reason.
     *
     * @throws WsUsageException if the code may not be sent or the reason is longer than 123 bytes
     */
    public static byte[] encode(CloseStatus status) {
        if (!status.isSendable()) {
            throw new WsUsageException("The close code " + status.code()
                    + " cannot be sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999 (RFC 6455 section 7.4).");
        }
        if (status.code() == CloseStatus.NO_STATUS_RECEIVED) {
            if (!status.reason().isEmpty()) {
                throw new WsUsageException("A close frame without a status code cannot carry a reason.");
            }
            return new byte[0];
        }
        String tooLong = CloseStatus.reasonTooLong(status.reason());
        if (tooLong != null) {
            throw new WsUsageException(tooLong);
        }
        byte[] reason = status.reason().getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (status.code() >>> 8);
        p[1] = (byte) status.code();
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    /** {@code text} cut to at most 123 UTF-8 bytes, at a character boundary: a reason that always fits. */
    public static String shortReason(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length <= CloseStatus.MAX_REASON_BYTES) {
            return text;
        }
        int end = CloseStatus.MAX_REASON_BYTES;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // back up to the start of the character that does not fit
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }
}
