package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.WsConfig;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.WsOptionsBase;

/**
 * The per-connection settings both sides share, taken from the options once (millisecond timers, 0 = off), and the
 * {@link Application} side that connections hand their messages and sessions to.
 */
public record Settings(WsCodecProvider provider, WsConfig config, long handshakeTimeoutMs, long closeTimeoutMs,
                       long pingIntervalMs, long pongTimeoutMs, long idleTimeoutMs, int maxQueuedOutboundBytes,
                       WsMetrics metrics, long writeStallTimeoutMs, Application application) {

    /** The settings of {@code o}, with {@code application} making each connection's application side. */
    public static Settings of(WsOptionsBase<?> o, WsCodecProvider provider, Application application) {
        return new Settings(provider, o.getCodecConfig(), ms(o.getHandshakeTimeout().toMillis()),
                ms(o.getCloseTimeout().toMillis()), o.getPingInterval().toMillis(), ms(o.getPongTimeout().toMillis()),
                o.getIdleTimeout().toMillis(), o.getMaxQueuedOutboundBytes(), o.getMetrics(),
                o.getWriteStallTimeout().toMillis(), application);
    }

    /** Vert.x timers need at least 1 ms. */
    private static long ms(long v) {
        return Math.max(1, v);
    }
}
