package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.WsMetrics;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;

/**
 * How a connection reports what ended it without a close handshake: the log line (its level chosen by the cause)
 * and the {@link WsClosedException} that {@code receive()} fails with and sends report. Values in, a value out.
 */
final class Faults {

    private Faults() {
    }

    /** The socket failed (an {@link Error} is logged as an error, anything else at debug). */
    static WsClosedException socketError(Logger log, SocketAddress remote, Throwable t) {
        if (t instanceof Error) {
            log.error("The connection with {} failed; closing it.", remote, t);
        } else {
            log.debug("Socket error on the connection with {}: {}", remote, t.toString());
        }
        return new WsClosedException(CloseStatus.ABNORMAL, "The connection failed: " + t.getMessage());
    }

    /** A write failed: TCP is closed at once (an {@link Error} is logged as an error, anything else as a warning). */
    static WsClosedException writeFailed(Logger log, SocketAddress remote, Throwable t) {
        if (t instanceof Error) {
            log.error("Writing to {} failed; the connection is closed.", remote, t);
        } else {
            log.warn("Writing to {} failed; the connection is closed: {}", remote, t.toString());
        }
        return new WsClosedException(CloseStatus.ABNORMAL, "Writing to the peer failed: " + t);
    }

    /** A timer that drops the connection ran out ({@link Timers.Due#HANDSHAKE}, NO_PONG, WRITE_STALL). */
    static WsClosedException timedOut(Logger log, SocketAddress remote, Timers.Due due, Settings s, long queued) {
        switch (due) {
            case HANDSHAKE -> {
                log.debug("Closing the connection with {}: the opening handshake took longer than {} ms.", remote,
                        s.handshakeTimeoutMs());
                s.metrics().timeout(WsMetrics.Timeout.HANDSHAKE);
                return new WsClosedException(CloseStatus.ABNORMAL, "The opening handshake did not complete within "
                        + s.handshakeTimeoutMs() + " ms.");
            }
            case NO_PONG -> {
                log.debug("Dropping the connection with {}: no answer to a ping within {} ms.", remote,
                        s.pongTimeoutMs());
                s.metrics().timeout(WsMetrics.Timeout.PING);
                return new WsClosedException(CloseStatus.ABNORMAL,
                        "The peer did not answer a ping within " + s.pongTimeoutMs() + " ms.");
            }
            case WRITE_STALL -> {
                log.debug("Dropping the connection with {}: it took none of the {} bytes waiting for it within {} ms.",
                        remote, queued, s.writeStallTimeoutMs());
                s.metrics().timeout(WsMetrics.Timeout.WRITE_STALL);
                return new WsClosedException(CloseStatus.ABNORMAL, "The peer read none of the bytes written to it "
                        + "within " + s.writeStallTimeoutMs() + " ms (the write-stall timeout).");
            }
            default -> throw new IllegalArgumentException(due + " does not drop the connection.");
        }
    }
}
