package dev.wscodec.api;

import java.util.Objects;

/**
 * The peer broke the protocol. Carries the {@link Violation rule} that was broken, and from it the HTTP status
 * to answer a bad handshake with or the close code to fail the connection with. When an engine throws this, it
 * has already queued what to send (the HTTP error response or the close frame, see
 * {@link WsEngine#pollOutput()}) and ignores further input: write the output, then close the connection.
 */
public class WsProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Violation violation;

    public WsProtocolException(Violation violation, String message) {
        super(message);
        this.violation = Objects.requireNonNull(violation, "violation");
    }

    public WsProtocolException(Violation violation, String message, Throwable cause) {
        super(message, cause);
        this.violation = Objects.requireNonNull(violation, "violation");
    }

    public Violation violation() {
        return violation;
    }

    /** The close code to send (1002, 1007, 1009, ...), or 0 for a handshake rule. */
    public int closeCode() {
        return violation.closeCode();
    }

    /** The HTTP status to answer with (400, 403, 426, 431, ...), or 0 for a framing rule. */
    public int httpStatus() {
        return violation.httpStatus();
    }
}
