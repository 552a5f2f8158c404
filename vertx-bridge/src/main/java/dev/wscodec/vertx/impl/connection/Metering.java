package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.vertx.WsMetrics;

/**
 * What a connection tells its {@link WsMetrics} at the few points where more than one call or a decision is
 * involved, so that {@link Connection} keeps one line per hook.
 */
final class Metering {

    private Metering() {
    }

    /**
     * The peer broke the protocol: a limit hit is reported as such; during the handshake, the answer the server
     * sent (the violation's status) or, on the client, that there was no valid answer (0).
     */
    static void protocolError(WsMetrics metrics, WsProtocolException e, boolean handshaking) {
        switch (e.violation()) {
            case FRAME_TOO_BIG -> metrics.limitExceeded(WsMetrics.Limit.FRAME);
            case MESSAGE_TOO_BIG -> metrics.limitExceeded(WsMetrics.Limit.MESSAGE);
            case DECODED_MESSAGE_TOO_BIG -> metrics.limitExceeded(WsMetrics.Limit.INFLATE);
            default -> { }
        }
        if (handshaking) {
            metrics.handshake(e.httpStatus());
        }
    }

    /**
     * TCP closed: a session that was open reports its close code; a handshake that got no answer reports status 0
     * (answers were reported when they were sent or received).
     */
    static void closed(WsMetrics metrics, WsEngine engine, int code) {
        if (engine.handshake() != null) {
            metrics.sessionClosed(code);
        } else if (engine.state() == WsEngine.State.HANDSHAKE || engine.state() == WsEngine.State.AWAITING_DECISION) {
            metrics.handshake(0);
        }
        metrics.connectionClosed();
    }
}
