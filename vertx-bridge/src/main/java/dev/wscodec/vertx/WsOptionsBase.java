package dev.wscodec.vertx;

import dev.wscodec.api.WsConfig;
import dev.wscodec.api.spi.WsCodecProvider;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link WsServerOptions} and {@link WsClientOptions} share: the codec, timeouts, keep-alive and the outbound
 * limit of each connection. Setters validate their argument and return {@code this}.
 *
 * @param <T> the concrete options type
 */
public abstract class WsOptionsBase<T extends WsOptionsBase<T>> {

    /** The codec provider used unless set: {@value dev.wscodec.api.spi.WsCodecProvider#DEFAULT_NAME}. */
    public static final String DEFAULT_PROVIDER_NAME = WsCodecProvider.DEFAULT_NAME;
    /** Time allowed for the whole opening handshake, from TCP connect to the 101 response: 10 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Time allowed for the close handshake before TCP is closed by force: 5 s. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Time a peer has to send anything (a pong, or any frame) after a keep-alive ping: 10 s. */
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
    /** No idle timeout by default (zero). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;
    /** Bytes written to a connection but not yet flushed to the network, at most: 4 MiB. */
    public static final int DEFAULT_MAX_QUEUED_OUTBOUND_BYTES = 4 * 1024 * 1024;
    /** Time a peer may leave written bytes unread before the connection is dropped: 30 s. */
    public static final Duration DEFAULT_WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);

    private WsConfig codecConfig = WsConfig.DEFAULT;
    private String providerName = DEFAULT_PROVIDER_NAME;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Duration pingInterval;
    private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxQueuedOutboundBytes = DEFAULT_MAX_QUEUED_OUTBOUND_BYTES;
    private WsMetrics metrics = WsMetrics.NONE;
    private Duration writeStallTimeout = DEFAULT_WRITE_STALL_TIMEOUT;

    WsOptionsBase(Duration defaultPingInterval) {
        this.pingInterval = defaultPingInterval;
    }

    WsOptionsBase(WsOptionsBase<?> other) {
        this.codecConfig = other.codecConfig;
        this.providerName = other.providerName;
        this.handshakeTimeout = other.handshakeTimeout;
        this.closeTimeout = other.closeTimeout;
        this.pingInterval = other.pingInterval;
        this.pongTimeout = other.pongTimeout;
        this.idleTimeout = other.idleTimeout;
        this.maxQueuedOutboundBytes = other.maxQueuedOutboundBytes;
        this.metrics = other.metrics;
        this.writeStallTimeout = other.writeStallTimeout;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public WsConfig getCodecConfig() {
        return codecConfig;
    }

    /**
     * The codec configuration: frame and message size limits, subprotocols (server: supported; client: see
     * {@link WsClient#connect(String, java.util.List, dev.wscodec.api.HttpHeaders)}), origins, compression.
     * With {@link WsConfig#streaming()} on, sessions deliver each message as a stream of chunks
     * ({@link WsSession#receiveStreams()}) instead of whole; pings are answered by the engine, so
     * {@link WsConfig#autoPong()} must be on.
     */
    public T setCodecConfig(WsConfig codecConfig) {
        this.codecConfig = checkCodecConfig(codecConfig);
        return self();
    }

    /** The rules of {@link #setCodecConfig}; returns {@code codecConfig}. */
    static WsConfig checkCodecConfig(WsConfig codecConfig) {
        Objects.requireNonNull(codecConfig, "codecConfig");
        if (!codecConfig.autoPong()) {
            throw new IllegalArgumentException(
                    "The Vert.x bridge relies on the engine to answer pings, so WsConfig.autoPong() must be on.");
        }
        return codecConfig;
    }

    public String getProviderName() {
        return providerName;
    }

    /** The name of the {@link WsCodecProvider} to use; see {@link #DEFAULT_PROVIDER_NAME}. */
    public T setProviderName(String providerName) {
        if (providerName == null || providerName.isBlank()) {
            throw new IllegalArgumentException("The provider name must not be empty.");
        }
        this.providerName = providerName;
        return self();
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    /** See {@link #DEFAULT_HANDSHAKE_TIMEOUT}; slow or silent peers are disconnected after it. Must be positive. */
    public T setHandshakeTimeout(Duration timeout) {
        this.handshakeTimeout = positive("handshakeTimeout", timeout);
        return self();
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    /** See {@link #DEFAULT_CLOSE_TIMEOUT}. Must be positive. */
    public T setCloseTimeout(Duration timeout) {
        this.closeTimeout = positive("closeTimeout", timeout);
        return self();
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    /** How often a keep-alive ping is sent on an open connection; zero turns keep-alive off. */
    public T setPingInterval(Duration interval) {
        this.pingInterval = notNegative("pingInterval", interval);
        return self();
    }

    public Duration getPongTimeout() {
        return pongTimeout;
    }

    /**
     * See {@link #DEFAULT_PONG_TIMEOUT}. A peer that sends nothing for this long after a ping is dropped (TCP closed,
     * status 1006). Time during which this side does not read because the application requests no messages does
     * not count. Must be positive.
     */
    public T setPongTimeout(Duration timeout) {
        this.pongTimeout = positive("pongTimeout", timeout);
        return self();
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /**
     * A connection on which no data message was sent or received for this long is closed with 1001 ("The
     * connection was idle for too long."); pings and pongs do not count. Zero (the default) turns it off.
     */
    public T setIdleTimeout(Duration timeout) {
        this.idleTimeout = notNegative("idleTimeout", timeout);
        return self();
    }

    public int getMaxQueuedOutboundBytes() {
        return maxQueuedOutboundBytes;
    }

    /**
     * See {@link #DEFAULT_MAX_QUEUED_OUTBOUND_BYTES} and the policy in {@link WsSession}: a send that would exceed
     * it while bytes are still queued closes the session with 1008. The engine's own output (pongs, close replies)
     * counts too: while more than this many bytes wait to be written, pongs stay in the engine (which keeps a few
     * and then answers only the latest ping) and the connection stops reading until the bytes drained, so a peer that
     * sends pings and never reads the pongs stops being read. Must be at least 1024.
     */
    public T setMaxQueuedOutboundBytes(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxQueuedOutboundBytes must be at least 1024 but was " + bytes + ".");
        }
        this.maxQueuedOutboundBytes = bytes;
        return self();
    }

    public WsMetrics getMetrics() {
        return metrics;
    }

    /**
     * Where the connections report what happens to them (see {@link WsMetrics}); {@link WsMetrics#NONE}, the
     * default, reports nothing. The same instance is shared by copies of these options, so by every verticle
     * instance and connection that uses them.
     */
    public T setMetrics(WsMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        return self();
    }

    public Duration getWriteStallTimeout() {
        return writeStallTimeout;
    }

    /**
     * See {@link #DEFAULT_WRITE_STALL_TIMEOUT}. While bytes wait to be written to a peer, a peer that takes none of
     * them for this long is dropped (TCP closed, status 1006): a client that stops reading cannot hold the memory
     * of its connection, or keep it from reading, for longer (checked every quarter of the timeout, so the drop
     * comes at most a quarter later). Zero turns it off. Must not be negative.
     */
    public T setWriteStallTimeout(Duration timeout) {
        this.writeStallTimeout = notNegative("writeStallTimeout", timeout);
        return self();
    }

    static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d + ".");
        }
        return d;
    }

    static Duration notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + d + ".");
        }
        return d;
    }
}
