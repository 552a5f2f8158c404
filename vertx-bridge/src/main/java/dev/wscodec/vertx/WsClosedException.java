package dev.wscodec.vertx;

import dev.wscodec.api.CloseStatus;
import java.util.Objects;

/**
 * A connection ended, or cannot carry what was asked of it: {@link WsSession#receive()} fails with it when the
 * connection ended without a close handshake (status 1006: the peer disconnected, did not answer a ping in time, or
 * a timeout dropped it), and sends fail with it once the session is closing or closed. A peer that broke the
 * protocol fails {@code receive()} with {@link dev.wscodec.api.WsProtocolException} instead.
 */
public class WsClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CloseStatus status;

    public WsClosedException(CloseStatus status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The close status of the connection, {@link CloseStatus#ABNORMAL_CLOSURE} when it ended without one. */
    public CloseStatus status() {
        return status;
    }
}
