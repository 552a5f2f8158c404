package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.rx.SessionImpl;

import dev.wscodec.vertx.WsSession;

/** What tests may observe inside a connection, without a public API for it. */
public final class Probes {

    private Probes() {
    }

    /** Bytes written to the session's socket and not yet taken by it, the engine's own output included. */
    public static long queuedOutboundBytes(WsSession session) {
        return ((SessionImpl) session).port().queuedBytes();
    }

    /** Messages decoded for the session and not yet delivered to its subscriber. */
    public static int queuedInboundMessages(WsSession session) {
        return ((SessionImpl) session).port().queuedInbound();
    }

    /** Bytes read from the session's socket and not yet decoded. */
    public static int undecodedBytes(WsSession session) {
        return ((SessionImpl) session).port().undecodedBytes();
    }
}
