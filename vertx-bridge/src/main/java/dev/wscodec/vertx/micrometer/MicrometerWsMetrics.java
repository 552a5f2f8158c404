package dev.wscodec.vertx.micrometer;

import dev.wscodec.vertx.WsMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link WsMetrics} reported to a Micrometer {@link MeterRegistry}. Micrometer is an optional dependency of the
 * bridge: add {@code io.micrometer:micrometer-core} (and a registry, e.g. {@code micrometer-registry-prometheus})
 * to use this class; nothing else in the bridge needs it.
 *
 * <p>The meters (Prometheus names in brackets), each with the common tags given to the constructor:
 * <ul>
 *   <li>{@code ws.connections} gauge: TCP connections open now, handshaking ones included
 *       [{@code ws_connections}]</li>
 *   <li>{@code ws.sessions} gauge: WebSocket sessions open now (after the 101) [{@code ws_sessions}]</li>
 *   <li>{@code ws.handshakes} counter, tag {@code status}: {@code 101}, each refusal status, or {@code none} when
 *       the handshake got no answer [{@code ws_handshakes_total}]</li>
 *   <li>{@code ws.http.requests} counter, tag {@code status}: plain HTTP requests answered
 *       [{@code ws_http_requests_total}]</li>
 *   <li>{@code ws.messages} counter, tag {@code direction} ({@code in}, {@code out}) [{@code ws_messages_total}]</li>
 *   <li>{@code ws.message.bytes} counter, tag {@code direction}: message payload bytes (uncompressed)
 *       [{@code ws_message_bytes_total}]</li>
 *   <li>{@code ws.bytes} counter, tag {@code direction}: bytes on the connection (frames and HTTP heads, compressed,
 *       before TLS) [{@code ws_bytes_total}]</li>
 *   <li>{@code ws.closes} counter, tag {@code code}: sessions ended, by close code ({@code 1000}-{@code 1015} as
 *       such, {@code 3xxx} and {@code 4xxx} for the registered and private ranges) [{@code ws_closes_total}]</li>
 *   <li>{@code ws.limit.hits} counter, tag {@code limit}: {@code frame}, {@code message}, {@code inflate},
 *       {@code outbound_queue}, {@code connections} [{@code ws_limit_hits_total}]</li>
 *   <li>{@code ws.timeouts} counter, tag {@code timeout}: {@code handshake}, {@code ping}, {@code idle},
 *       {@code close}, {@code write_stall} [{@code ws_timeouts_total}]</li>
 * </ul>
 * And, when given to {@code WsTopicsOptions.setMetrics}, for the topics (no tag per topic: topic names are the
 * application's and often unbounded, one per user or room):
 * <ul>
 *   <li>{@code ws.topic.subscriptions} gauge: subscriptions of sessions on this node now
 *       [{@code ws_topic_subscriptions}]</li>
 *   <li>{@code ws.topic.fanouts} counter: publications handed to this node's subscribers, once per publication
 *       [{@code ws_topic_fanouts_total}]</li>
 *   <li>{@code ws.topic.drops} counter: messages a subscriber's overflow policy dropped, per subscriber
 *       [{@code ws_topic_drops_total}]</li>
 *   <li>{@code ws.topic.overflow.closes} counter: subscribers closed with 1008 for falling behind
 *       [{@code ws_topic_overflow_closes_total}]</li>
 * </ul>
 * Tag values are bounded (statuses 100-599, the close codes above, fixed names), so a peer cannot create series
 * without limit. One instance may serve any number of servers and clients; give each its own instance with a
 * distinguishing tag (e.g. {@code role}) to tell them apart.
 */
public final class MicrometerWsMetrics implements WsMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final Counter fanOuts;
    private final Counter drops;
    private final Counter overflowCloses;
    private final Counter messagesIn;
    private final Counter messagesOut;
    private final Counter messageBytesIn;
    private final Counter messageBytesOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Map<Limit, Counter> limits = new EnumMap<>(Limit.class);
    private final Map<Timeout, Counter> timeouts = new EnumMap<>(Timeout.class);
    private final Map<Integer, Counter> handshakes = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> httpRequests = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();

    /** Meters in {@code registry} with no common tags. */
    public MicrometerWsMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** Meters in {@code registry}, each with {@code tags} (e.g. {@code Tags.of("role", "server")}). */
    public MicrometerWsMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        Gauge.builder("ws.connections", connections, AtomicLong::get).tags(this.tags).strongReference(true)
                .description("TCP connections open now, handshaking ones included").register(registry);
        Gauge.builder("ws.sessions", sessions, AtomicLong::get).tags(this.tags).strongReference(true)
                .description("WebSocket sessions open now").register(registry);
        messagesIn = counter("ws.messages", "Whole messages", null, "direction", "in");
        messagesOut = counter("ws.messages", "Whole messages", null, "direction", "out");
        messageBytesIn = counter("ws.message.bytes", "Message payload bytes, uncompressed", "bytes",
                "direction", "in");
        messageBytesOut = counter("ws.message.bytes", "Message payload bytes, uncompressed", "bytes",
                "direction", "out");
        bytesIn = counter("ws.bytes", "Bytes on the connection, before TLS", "bytes", "direction", "in");
        bytesOut = counter("ws.bytes", "Bytes on the connection, before TLS", "bytes", "direction", "out");
        for (Limit l : Limit.values()) {
            limits.put(l, counter("ws.limit.hits", "Limits hit by connections", null, "limit", name(l)));
        }
        for (Timeout t : Timeout.values()) {
            timeouts.put(t, counter("ws.timeouts", "Connections ended by a timer", null, "timeout", name(t)));
        }
        Gauge.builder("ws.topic.subscriptions", subscriptions, AtomicLong::get).tags(this.tags).strongReference(true)
                .description("Topic subscriptions of sessions on this node now").register(registry);
        fanOuts = Counter.builder("ws.topic.fanouts").tags(this.tags)
                .description("Publications handed to this node's subscribers of their topic").register(registry);
        drops = Counter.builder("ws.topic.drops").tags(this.tags)
                .description("Messages dropped by subscribers' overflow policies").register(registry);
        overflowCloses = Counter.builder("ws.topic.overflow.closes").tags(this.tags)
                .description("Subscribers closed with 1008 for falling behind").register(registry);
    }

    private Counter counter(String name, String description, String unit, String tag, String value) {
        return Counter.builder(name).tags(tags).tag(tag, value).description(description).baseUnit(unit)
                .register(registry);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A status as a bounded tag value: 100-599 as such, 0 as {@code none}, anything else as {@code other}. */
    static String statusTag(int status) {
        if (status == 0) {
            return "none";
        }
        return status >= 100 && status <= 599 ? Integer.toString(status) : "other";
    }

    /** A close code as a bounded tag value: 1000-1015 as such, {@code 3xxx}, {@code 4xxx}, else {@code other}. */
    static String codeTag(int code) {
        if (code >= 1000 && code <= 1015) {
            return Integer.toString(code);
        }
        if (code >= 3000 && code <= 3999) {
            return "3xxx";
        }
        return code >= 4000 && code <= 4999 ? "4xxx" : "other";
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    @Override
    public void handshake(int status) {
        if (status == 101) {
            sessions.incrementAndGet();
        }
        handshakes.computeIfAbsent(status, s -> counter("ws.handshakes", "Opening handshakes by outcome", null,
                "status", statusTag(s))).increment();
    }

    @Override
    public void httpRequest(int status) {
        httpRequests.computeIfAbsent(status, s -> counter("ws.http.requests", "Plain HTTP requests answered", null,
                "status", statusTag(s))).increment();
    }

    @Override
    public void messageReceived(long payloadBytes) {
        messagesIn.increment();
        messageBytesIn.increment(payloadBytes);
    }

    @Override
    public void messageSent(long payloadBytes) {
        messagesOut.increment();
        messageBytesOut.increment(payloadBytes);
    }

    @Override
    public void bytesReceived(long bytes) {
        bytesIn.increment(bytes);
    }

    @Override
    public void bytesSent(long bytes) {
        bytesOut.increment(bytes);
    }

    @Override
    public void sessionClosed(int code) {
        sessions.decrementAndGet();
        closes.computeIfAbsent(codeTag(code), c -> counter("ws.closes", "Sessions ended, by close code", null,
                "code", c)).increment();
    }

    @Override
    public void limitExceeded(Limit limit) {
        limits.get(limit).increment();
    }

    @Override
    public void timeout(Timeout timeout) {
        timeouts.get(timeout).increment();
    }

    @Override
    public void topicSubscribed() {
        subscriptions.incrementAndGet();
    }

    @Override
    public void topicUnsubscribed() {
        subscriptions.decrementAndGet();
    }

    @Override
    public void topicFanOut() {
        fanOuts.increment();
    }

    @Override
    public void topicMessageDropped() {
        drops.increment();
    }

    @Override
    public void topicSubscriberClosed() {
        overflowCloses.increment();
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }
}
