package dev.wscodec.vertx;

import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link WsClient}. TCP and TLS settings (trust store, hostname verification) come from the
 * {@link NetClientOptions}; {@code wss://} URLs use TLS whether or not {@code setSsl(true)} was set there. Unless
 * the {@link NetClientOptions} set a hostname verification algorithm, {@code "HTTPS"} is used: the server's
 * certificate must name the URL's host ({@code ""} turns the check off).
 */
public class WsClientOptions extends WsOptionsBase<WsClientOptions> {

    /** No keep-alive pings from clients by default (servers ping); zero. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ZERO;

    private NetClientOptions netClientOptions = new NetClientOptions();

    public WsClientOptions() {
        super(DEFAULT_PING_INTERVAL);
    }

    /** A copy of {@code other} (the {@link NetClientOptions} are copied too). */
    public WsClientOptions(WsClientOptions other) {
        super(other);
        this.netClientOptions = new NetClientOptions(other.netClientOptions);
    }

    public NetClientOptions getNetClientOptions() {
        return netClientOptions;
    }

    /**
     * TCP and TLS settings, e.g. {@code setTrustOptions(...)} and
     * {@code setHostnameVerificationAlgorithm("HTTPS")}.
     */
    public WsClientOptions setNetClientOptions(NetClientOptions options) {
        this.netClientOptions = Objects.requireNonNull(options, "netClientOptions");
        return this;
    }
}
