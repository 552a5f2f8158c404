package dev.wscodec.vertx;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link WsClient}. TCP and TLS settings come from the {@link NetClientOptions}. {@code wss://} URLs use
 * TLS whether or not {@code setSsl(true)} was set there, and with default options they trust what the JDK trusts
 * (its default trust store: {@code cacerts}, or the {@code javax.net.ssl.trustStore} system property), like every
 * HTTPS client. Other trust: {@link #setTrustOptions(TrustOptions)}, e.g. {@code new PemTrustOptions()
 * .addCertPath("ca.pem")}. Unless the {@link NetClientOptions} set a hostname verification algorithm, {@code "HTTPS"}
 * is used: the server's certificate must name the URL's host ({@code ""} turns the check off; don't).
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
     * TCP and TLS settings, e.g. {@code setTrustOptions(...)}, {@code setKeyCertOptions(...)} (client certificates)
     * and {@code setHostnameVerificationAlgorithm("HTTPS")}.
     */
    public WsClientOptions setNetClientOptions(NetClientOptions options) {
        this.netClientOptions = Objects.requireNonNull(options, "netClientOptions");
        return this;
    }

    /** The certificates {@code wss://} connections trust; {@code null} (the default) means the JDK's defaults. */
    public TrustOptions getTrustOptions() {
        return netClientOptions.getTrustOptions();
    }

    /**
     * Trusts these certificates instead of the JDK's default trust store, e.g. a private CA as {@code new
     * PemTrustOptions().addCertPath("ca.pem")}; shorthand for {@code getNetClientOptions().setTrustOptions(trust)}.
     */
    public WsClientOptions setTrustOptions(TrustOptions trust) {
        netClientOptions.setTrustOptions(trust);
        return this;
    }
}
