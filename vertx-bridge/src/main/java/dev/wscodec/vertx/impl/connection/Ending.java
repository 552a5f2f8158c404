package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.vertx.WsClosedException;

/**
 * How a connection ended once TCP has closed: the final close status and, unless the close handshake completed
 * cleanly, the error that {@code receive()} fails with.
 *
 * @param status the final status ({@link CloseStatus#ABNORMAL} when there was no close handshake)
 * @param error  {@code null} for a clean end (a close handshake, or a refusal this side wrote); else why the
 *               handshake or the connection failed
 * @param beforeOpen whether the opening handshake had not completed
 */
record Ending(CloseStatus status, Throwable error, boolean beforeOpen) {

    /**
     * @param engine  the engine, for whether it opened, who closed and with what status
     * @param failure what failed the connection on this side, or {@code null}
     */
    static Ending of(WsEngine engine, Throwable failure) {
        WsEngine.Initiator initiator = engine.closeInitiator();
        if (engine.handshake() == null) {
            // Never open: a refusal this side wrote is a clean end; anything else failed the handshake.
            Throwable error = failure;
            if (error == null && initiator != WsEngine.Initiator.LOCAL) {
                error = new WsClosedException(CloseStatus.ABNORMAL,
                        "The connection closed before the opening handshake completed.");
            }
            return new Ending(CloseStatus.ABNORMAL, error, true);
        }
        CloseStatus status = engine.closeStatus() == null ? CloseStatus.ABNORMAL : engine.closeStatus();
        boolean handshakeDone = engine.state() == WsEngine.State.CLOSED && initiator != null
                && initiator != WsEngine.Initiator.FAILURE;
        boolean localClose = initiator == WsEngine.Initiator.LOCAL;
        if (handshakeDone || (localClose && failure == null)) {
            return new Ending(status, null, false);
        }
        if (!(failure instanceof WsProtocolException)) {
            status = CloseStatus.ABNORMAL; // a protocol error keeps the code it failed with (1002, 1007, ...)
        }
        return new Ending(status, failure != null ? failure : new WsClosedException(CloseStatus.ABNORMAL,
                "The connection ended without a close handshake."), false);
    }
}
