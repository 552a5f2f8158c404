package dev.wscodec.vertx.topics;

/**
 * What a subscription does when its queue would grow beyond {@link WsSubscriptionOptions#getMaxQueuedBytes()}
 * because its connection does not take messages as fast as they are published. The publisher is never blocked or
 * told: the policy acts on the one slow subscriber only.
 */
public enum WsOverflowPolicy {

    /** Drops the oldest queued messages until the new one fits. The subscriber sees a gap, in publish order. */
    DROP_OLDEST,

    /**
     * Keeps only the latest queued message per key ({@link WsSubscriptionOptions#setKeyFunction}): a new message
     * replaces the queued one with the same key (and moves to the end of the queue, so the order of what is
     * delivered stays the publish order); when the queue is still over its bound, the oldest messages are dropped.
     * For feeds where only the latest value of each item matters (prices, positions, presence).
     */
    KEEP_LATEST_PER_KEY,

    /**
     * Closes the connection with 1008 (policy violation) and the reason "The subscriber fell behind the topic's
     * queue limit.": the client learns it missed messages and can reconnect and resynchronise. The default.
     */
    CLOSE
}
