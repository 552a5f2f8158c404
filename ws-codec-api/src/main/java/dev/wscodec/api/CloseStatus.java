package dev.wscodec.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A close status: a code and a (possibly empty) reason, as carried by a close frame (RFC 6455 §5.5.1, §7.4).
 *
 * @param code   the status code; {@link #NO_STATUS_RECEIVED} (1005) stands for a close frame without a body
 * @param reason the reason, never {@code null}; at most {@value #MAX_REASON_BYTES} bytes once encoded as UTF-8
 *               when sent
 */
public record CloseStatus(int code, String reason) {

    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reserved: never sent on the wire; reported when a close frame had no body. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** Reserved: never sent on the wire; reported when the connection ended without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    public static final int INVALID_PAYLOAD_DATA = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;

    /**
     * RFC 6455 §5.5 and §5.5.1: a close frame carries at most 125 bytes, the 2-byte code first, so a reason is at
     * most 123 bytes of UTF-8.
     */
    public static final int MAX_REASON_BYTES = 123;

    /** A close frame without a body. */
    public static final CloseStatus EMPTY = new CloseStatus(NO_STATUS_RECEIVED, "");
    public static final CloseStatus NORMAL = new CloseStatus(NORMAL_CLOSURE, "");
    /** The connection ended without a close handshake. */
    public static final CloseStatus ABNORMAL = new CloseStatus(ABNORMAL_CLOSURE, "");

    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
    }

    public static CloseStatus of(int code, String reason) {
        return new CloseStatus(code, reason == null ? "" : reason);
    }

    public static CloseStatus of(int code) {
        return new CloseStatus(code, "");
    }

    /**
     * Whether {@code code} may appear in a close frame on the wire (RFC 6455 §7.4.1, §7.4.2 and the IANA registry,
     * §11.7): 1000-1003, 1007-1014 and 3000-4999. Codes below 1000, 1004-1006, 1015, 1016-2999 and from 5000 up
     * are not allowed.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /** Whether this status may be sent in a close frame; {@link #EMPTY} is sent as a close frame without body. */
    public boolean isSendable() {
        return code == NO_STATUS_RECEIVED || isValidOnWire(code);
    }

    /**
     * The close-reason length rule (RFC 6455 §5.5.1), the one place it is written: {@code null} when
     * {@code reason} fits in a close frame, else the full sentence saying why not.
     */
    public static String reasonTooLong(String reason) {
        int n = reason.getBytes(StandardCharsets.UTF_8).length;
        return n <= MAX_REASON_BYTES ? null : "The close reason is " + n + " bytes long in UTF-8 but at most "
                + MAX_REASON_BYTES + " fit in a close frame (RFC 6455 section 5.5.1).";
    }
}
