package dev.wscodec.vertx;

import dev.wscodec.api.WsConfig;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one route of a {@link WsRouter}: its accept hook, and where it differs from the server, its codec
 * configuration (limits, compression, allowed origins) and its subprotocols. Unset values are the server's.
 */
public class WsRouteOptions {

    /** Every valid upgrade on the route is accepted unless a hook is set. */
    public static final WsAcceptHook DEFAULT_ACCEPT_HOOK = WsAcceptHook.ACCEPT_ALL;

    private WsAcceptHook acceptHook = DEFAULT_ACCEPT_HOOK;
    private WsConfig codecConfig;
    private List<String> subprotocols;

    public WsRouteOptions() {
    }

    /** A copy of {@code other}. */
    public WsRouteOptions(WsRouteOptions other) {
        this.acceptHook = other.acceptHook;
        this.codecConfig = other.codecConfig;
        this.subprotocols = other.subprotocols;
    }

    public WsAcceptHook getAcceptHook() {
        return acceptHook;
    }

    /** Decides about each valid upgrade on this route (authentication, say); see {@link #DEFAULT_ACCEPT_HOOK}. */
    public WsRouteOptions setAcceptHook(WsAcceptHook acceptHook) {
        this.acceptHook = Objects.requireNonNull(acceptHook, "acceptHook");
        return this;
    }

    /** The route's codec configuration, or {@code null} (the default) for the server's. */
    public WsConfig getCodecConfig() {
        return codecConfig;
    }

    /**
     * The codec configuration of this route's connections: frame and message limits, compression, allowed origins,
     * subprotocols. The same rules as {@link WsServerOptions#setCodecConfig} apply. Its
     * {@link WsConfig#maxHandshakeSize()} applies once the request head was read with the server's.
     */
    public WsRouteOptions setCodecConfig(WsConfig codecConfig) {
        this.codecConfig = WsOptionsBase.checkCodecConfig(codecConfig);
        return this;
    }

    /** The route's subprotocols, or {@code null} (the default) for those of its codec configuration. */
    public List<String> getSubprotocols() {
        return subprotocols;
    }

    /**
     * The subprotocols this route speaks, most preferred first, in place of those of the codec configuration: the
     * engine answers with the first of them the client offered, or none.
     */
    public WsRouteOptions setSubprotocols(String... subprotocols) {
        List<String> list = List.of(subprotocols);
        // WsConfig's builder checks each token (RFC 6455 section 4.1).
        WsConfig.builder().subprotocols(list);
        this.subprotocols = list;
        return this;
    }

    /** The codec configuration of the route's connections, given the server's. */
    WsConfig effectiveConfig(WsConfig server) {
        if (codecConfig == null && subprotocols == null) {
            return null;
        }
        WsConfig base = codecConfig == null ? server : codecConfig;
        return subprotocols == null ? base : base.toBuilder().subprotocols(subprotocols).build();
    }
}
