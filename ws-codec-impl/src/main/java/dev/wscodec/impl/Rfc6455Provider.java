package dev.wscodec.impl;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.spi.WsCodecProvider;
import java.util.Objects;
import java.util.Set;

/**
 * The RFC 6455 codec of this module, registered for {@link java.util.ServiceLoader} as {@code rfc6455}. Its
 * engine's gathering send ({@link WsEngine#send(dev.wscodec.api.Outbound, java.util.function.Consumer)}) passes an
 * untransformed message of {@value OutboundGather#MIN_LENGTH} bytes or more as a small header buffer plus the
 * payload: a server's as a read-only view of the message's bytes (no copy), a client's as a masked copy; anything
 * else comes as one buffer.
 */
public final class Rfc6455Provider implements WsCodecProvider {

    private static final Set<String> FEATURES = Set.of(FEATURE_RFC6455, FEATURE_PERMESSAGE_DEFLATE, FEATURE_STREAMING,
            FEATURE_PREPARED_MESSAGES);

    /** Called by {@link java.util.ServiceLoader}. */
    public Rfc6455Provider() {
    }

    @Override
    public String name() {
        return DEFAULT_NAME;
    }

    @Override
    public Set<String> features() {
        return FEATURES;
    }

    /** Requests that carry {@code Sec-WebSocket-Version} or {@code Sec-WebSocket-Key} (RFC 6455 section 4.1). */
    @Override
    public boolean claims(HandshakeRequest request) {
        return request.headers().contains("Sec-WebSocket-Version") || request.headers().contains("Sec-WebSocket-Key");
    }

    @Override
    public WsEngine newServerEngine(WsConfig config) {
        return Rfc6455Engine.server(Objects.requireNonNull(config, "config"));
    }

    @Override
    public WsEngine newClientEngine(WsConfig config, ClientHandshake handshake) {
        return Rfc6455Engine.client(Objects.requireNonNull(config, "config"), Objects.requireNonNull(handshake, "handshake"));
    }

    /** The plain server frame, and with {@code deflate} the frame compressed with a fresh context. */
    @Override
    public PreparedMessage prepare(Message message, DeflateConfig deflate) {
        return PreparedFrames.prepare(Objects.requireNonNull(message, "message"), deflate);
    }

    @Override
    public String toString() {
        return "Rfc6455Provider[" + DEFAULT_NAME + "]";
    }
}
