package dev.wscodec.vertx.topics;

import dev.wscodec.api.Message;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one subscription of a session to a topic queues messages its connection cannot take yet. Vert.x-style
 * options: fluent, validating setters and documented {@code DEFAULT_*} constants.
 *
 * <p>A message goes straight to the connection while the socket's outbound buffer holds at most
 * {@link #SOCKET_ALLOWANCE} bytes; beyond that it waits in this subscription's queue, which is bounded by
 * {@link #getMaxQueuedBytes()}. A queued message counts its payload length plus {@link #ENTRY_OVERHEAD} bytes of
 * bookkeeping. The queued frames themselves are shared with every other subscriber that queues the same message.
 */
public class WsSubscriptionOptions {

    /**
     * Bytes that may wait in the socket's outbound buffer before messages queue up here: 16 KiB. That buffer is a
     * copy per connection in direct memory, the queue shares each frame with every subscriber (heap), so a small
     * allowance keeps many slow subscribers from exhausting direct memory; the kernel's socket buffer in front of
     * it still takes megabytes before anything waits here.
     */
    public static final long SOCKET_ALLOWANCE = 16 * 1024;
    /** What each queued message counts on top of its payload length: 64 bytes. */
    public static final int ENTRY_OVERHEAD = 64;
    /** The default bound of a subscription's queue: 256 KiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 256 * 1024;
    /** The smallest bound allowed: 1 KiB. */
    public static final long MIN_MAX_QUEUED_BYTES = 1024;
    /**
     * The default policy: {@link WsOverflowPolicy#CLOSE}. A chat or feed client that silently misses messages
     * shows wrong state without knowing it; closing with 1008 tells it, and it reconnects and resynchronises (the
     * same answer the bridge gives a session that breaks {@code maxQueuedOutboundBytes}). Feeds that tolerate gaps
     * choose {@link WsOverflowPolicy#DROP_OLDEST} or {@link WsOverflowPolicy#KEEP_LATEST_PER_KEY}.
     */
    public static final WsOverflowPolicy DEFAULT_OVERFLOW_POLICY = WsOverflowPolicy.CLOSE;

    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private WsOverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
    private Function<? super Message, ?> keyFunction;

    public WsSubscriptionOptions() {
    }

    public WsSubscriptionOptions(WsSubscriptionOptions other) {
        this.maxQueuedBytes = other.maxQueuedBytes;
        this.overflowPolicy = other.overflowPolicy;
        this.keyFunction = other.keyFunction;
    }

    /** The bound of the queue in bytes; see {@link #DEFAULT_MAX_QUEUED_BYTES}. */
    public long getMaxQueuedBytes() {
        return maxQueuedBytes;
    }

    public WsSubscriptionOptions setMaxQueuedBytes(long maxQueuedBytes) {
        if (maxQueuedBytes < MIN_MAX_QUEUED_BYTES) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least " + MIN_MAX_QUEUED_BYTES
                    + " bytes but was " + maxQueuedBytes + ".");
        }
        this.maxQueuedBytes = maxQueuedBytes;
        return this;
    }

    /** What happens when the queue is full; see {@link #DEFAULT_OVERFLOW_POLICY}. */
    public WsOverflowPolicy getOverflowPolicy() {
        return overflowPolicy;
    }

    /** {@link WsOverflowPolicy#KEEP_LATEST_PER_KEY} also needs {@link #setKeyFunction}. */
    public WsSubscriptionOptions setOverflowPolicy(WsOverflowPolicy overflowPolicy) {
        this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        return this;
    }

    /** The key of a message for {@link WsOverflowPolicy#KEEP_LATEST_PER_KEY}, or {@code null}. */
    public Function<? super Message, ?> getKeyFunction() {
        return keyFunction;
    }

    /**
     * The key of a message for {@link WsOverflowPolicy#KEEP_LATEST_PER_KEY}: messages with equal keys replace each
     * other in the queue; a {@code null} key never replaces anything. Called on the subscriber's event loop, for
     * queued messages only; it must be fast and must not throw (a message whose key function throws is dropped).
     */
    public WsSubscriptionOptions setKeyFunction(Function<? super Message, ?> keyFunction) {
        this.keyFunction = keyFunction;
        return this;
    }

    /** {@link WsOverflowPolicy#KEEP_LATEST_PER_KEY} with this key function. */
    public WsSubscriptionOptions setKeepLatestPerKey(Function<? super Message, ?> keyFunction) {
        this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
        this.overflowPolicy = WsOverflowPolicy.KEEP_LATEST_PER_KEY;
        return this;
    }

    /**
     * Checks the combination of settings, as subscribing does.
     *
     * @throws IllegalArgumentException for {@link WsOverflowPolicy#KEEP_LATEST_PER_KEY} without a key function
     */
    public void check() {
        if (overflowPolicy == WsOverflowPolicy.KEEP_LATEST_PER_KEY && keyFunction == null) {
            throw new IllegalArgumentException("The overflow policy KEEP_LATEST_PER_KEY needs a key function; set one "
                    + "with setKeyFunction or setKeepLatestPerKey.");
        }
    }
}
