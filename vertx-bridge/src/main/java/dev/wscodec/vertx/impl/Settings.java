package dev.wscodec.vertx.impl;

import dev.wscodec.api.WsConfig;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.WsOptionsBase;

/** The per-connection settings both sides share, taken from the options once (millisecond timers, 0 = off). */
public record Settings(WsCodecProvider provider, WsConfig config, long handshakeTimeoutMs, long closeTimeoutMs,
                       long pingIntervalMs, long pongTimeoutMs, long idleTimeoutMs, int maxQueuedOutboundBytes,
                       WsMetrics metrics, long writeStallTimeoutMs) {

    public static Settings of(WsOptionsBase<?> o, WsCodecProvider provider) {
        return new Settings(provider, o.getCodecConfig(), ms(o.getHandshakeTimeout().toMillis()),
                ms(o.getCloseTimeout().toMillis()), o.getPingInterval().toMillis(), ms(o.getPongTimeout().toMillis()),
                o.getIdleTimeout().toMillis(), o.getMaxQueuedOutboundBytes(), o.getMetrics(),
                o.getWriteStallTimeout().toMillis());
    }

    /** Vert.x timers need at least 1 ms. */
    private static long ms(long v) {
        return Math.max(1, v);
    }
}
