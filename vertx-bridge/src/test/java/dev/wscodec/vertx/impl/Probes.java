package dev.wscodec.vertx.impl;

import dev.wscodec.vertx.WsSession;

/** What tests may observe inside a connection, without a public API for it. */
public final class Probes {

    private Probes() {
    }

    /** Bytes written to the session's socket and not yet taken by it, the engine's own output included. */
    public static long queuedOutboundBytes(WsSession session) {
        return ((SessionImpl) session).connection().outbox.queued();
    }
}
