package dev.wscodec.vertx;

import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link WsServer}. TLS ({@code wss://}), TCP options and SNI come from the {@link NetServerOptions};
 * its host and port are replaced by {@link #getHost()} and {@link #getPort()}.
 */
public class WsServerOptions extends WsOptionsBase<WsServerOptions> {

    /** Listens on all interfaces by default. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Port 8080 by default; 0 picks a free port (see {@link WsServer#actualPort()}). */
    public static final int DEFAULT_PORT = 8080;
    /** A keep-alive ping every 30 s by default. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    /** At most 10 000 connections per {@link WsServer} (that is, per verticle instance) by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private NetServerOptions netServerOptions = new NetServerOptions();
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private WsPlainHttpHandler plainHttpHandler = WsPlainHttpHandler.UPGRADE_REQUIRED;
    private List<String> otherProviders = List.of();

    public WsServerOptions() {
        super(DEFAULT_PING_INTERVAL);
    }

    /** A copy of {@code other} (the {@link NetServerOptions} are copied too). */
    public WsServerOptions(WsServerOptions other) {
        super(other);
        this.host = other.host;
        this.port = other.port;
        this.netServerOptions = new NetServerOptions(other.netServerOptions);
        this.maxConnections = other.maxConnections;
        this.plainHttpHandler = other.plainHttpHandler;
        this.otherProviders = other.otherProviders;
    }

    public String getHost() {
        return host;
    }

    public WsServerOptions setHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The host must not be empty.");
        }
        this.host = host;
        return this;
    }

    public int getPort() {
        return port;
    }

    /** 0-65535; 0 picks a free port. */
    public WsServerOptions setPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port must be 0-65535 but was " + port + ".");
        }
        this.port = port;
        return this;
    }

    public NetServerOptions getNetServerOptions() {
        return netServerOptions;
    }

    /** TCP and TLS settings; e.g. {@code setSsl(true).setKeyCertOptions(...)} for {@code wss://}. */
    public WsServerOptions setNetServerOptions(NetServerOptions options) {
        this.netServerOptions = Objects.requireNonNull(options, "netServerOptions");
        return this;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    /**
     * Connections one {@link WsServer} holds at once, counted from TCP accept; further ones are answered
     * {@code 503 Service Unavailable} and closed. The limit is per server, so per verticle instance: n instances
     * accept up to n times this. See {@link #DEFAULT_MAX_CONNECTIONS}.
     */
    public WsServerOptions setMaxConnections(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1 but was " + maxConnections + ".");
        }
        this.maxConnections = maxConnections;
        return this;
    }

    public WsPlainHttpHandler getPlainHttpHandler() {
        return plainHttpHandler;
    }

    /** Answers plain (non-upgrade) HTTP requests; default {@link WsPlainHttpHandler#UPGRADE_REQUIRED}. */
    public WsServerOptions setPlainHttpHandler(WsPlainHttpHandler handler) {
        this.plainHttpHandler = Objects.requireNonNull(handler, "plainHttpHandler");
        return this;
    }

    public List<String> getOtherProviders() {
        return otherProviders;
    }

    /**
     * Further codec providers served on the same port, e.g. {@code List.of("hixie-76")} (module ws-codec-hixie)
     * for the pre-RFC protocol of draft-hixie-75/76. Each connection's request head goes to the first provider that
     * {@link dev.wscodec.api.spi.WsCodecProvider#claims claims} it, the main provider
     * ({@link #getProviderName()}) asked first; a head no provider claims stays with the main provider, which
     * refuses it as before (RFC 6455: {@code 426 Upgrade Required}). None by default: enable a legacy protocol only
     * on purpose. Providers are looked up by name when the server starts listening.
     */
    public WsServerOptions setOtherProviders(List<String> names) {
        for (String name : Objects.requireNonNull(names, "names")) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("A provider name must not be empty.");
            }
        }
        this.otherProviders = List.copyOf(names);
        return this;
    }
}
