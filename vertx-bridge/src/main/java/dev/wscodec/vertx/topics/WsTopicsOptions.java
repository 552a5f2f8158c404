package dev.wscodec.vertx.topics;

import dev.wscodec.vertx.WsMetrics;
import java.util.Objects;

/** Options of a {@link WsTopics}: Vert.x-style, fluent and validating, with documented {@code DEFAULT_*} constants. */
public class WsTopicsOptions {

    /** The longest topic name accepted by default: 256 characters. */
    public static final int DEFAULT_MAX_TOPIC_LENGTH = 256;
    /**
     * The event-bus address prefix by default: {@value}. A node with subscribers of topic {@code T} consumes at
     * {@code prefix + T}; give each application sharing one cluster its own prefix.
     */
    public static final String DEFAULT_ADDRESS_PREFIX = "wscodec.topics.";

    private int maxTopicLength = DEFAULT_MAX_TOPIC_LENGTH;
    private String addressPrefix = DEFAULT_ADDRESS_PREFIX;
    private WsSubscriptionOptions subscriptionOptions = new WsSubscriptionOptions();
    private WsMetrics metrics = WsMetrics.NONE;

    public WsTopicsOptions() {
    }

    public WsTopicsOptions(WsTopicsOptions other) {
        this.maxTopicLength = other.maxTopicLength;
        this.addressPrefix = other.addressPrefix;
        this.subscriptionOptions = new WsSubscriptionOptions(other.subscriptionOptions);
        this.metrics = other.metrics;
    }

    /** The longest topic name, in characters; see {@link #DEFAULT_MAX_TOPIC_LENGTH}. */
    public int getMaxTopicLength() {
        return maxTopicLength;
    }

    public WsTopicsOptions setMaxTopicLength(int maxTopicLength) {
        if (maxTopicLength < 1 || maxTopicLength > 65536) {
            throw new IllegalArgumentException("maxTopicLength must be 1-65536 but was " + maxTopicLength + ".");
        }
        this.maxTopicLength = maxTopicLength;
        return this;
    }

    /** The event-bus address prefix; see {@link #DEFAULT_ADDRESS_PREFIX}. */
    public String getAddressPrefix() {
        return addressPrefix;
    }

    public WsTopicsOptions setAddressPrefix(String addressPrefix) {
        if (addressPrefix == null || addressPrefix.isEmpty()) {
            throw new IllegalArgumentException("The address prefix must not be empty.");
        }
        this.addressPrefix = addressPrefix;
        return this;
    }

    /** The options of {@link WsTopics#subscribe(String, dev.wscodec.vertx.WsSession)} without options. */
    public WsSubscriptionOptions getSubscriptionOptions() {
        return subscriptionOptions;
    }

    public WsTopicsOptions setSubscriptionOptions(WsSubscriptionOptions subscriptionOptions) {
        Objects.requireNonNull(subscriptionOptions, "subscriptionOptions").check();
        this.subscriptionOptions = subscriptionOptions;
        return this;
    }

    /**
     * Where the topics report subscriptions, fan-outs, dropped messages and subscribers closed for falling behind
     * (the {@code topic*} methods of {@link WsMetrics}); {@link WsMetrics#NONE} by default. The same instance as the
     * servers' ({@code MicrometerWsMetrics}, say) may be given.
     */
    public WsMetrics getMetrics() {
        return metrics;
    }

    public WsTopicsOptions setMetrics(WsMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        return this;
    }
}
