package dev.wscodec.vertx.topics.impl;

import dev.wscodec.vertx.impl.rx.SessionOutlet;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.topics.WsOverflowPolicy;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session following one topic: writes each publication to the connection at once while the socket's outbound
 * buffer holds at most {@link WsSubscriptionOptions#SOCKET_ALLOWANCE} bytes, else queues it, bounded by
 * {@code maxQueuedBytes} under the subscription's {@link WsOverflowPolicy}, and drains the queue as the socket takes
 * the bytes. Used on the connection's context only.
 */
final class Subscription {

    static final Logger LOG = LoggerFactory.getLogger("dev.wscodec.vertx.topics");
    /** RFC 6455 §7.4.1: 1008, the endpoint broke a policy; the reason fits the 123 bytes of §5.5.1. */
    static final CloseStatus FELL_BEHIND = CloseStatus.of(CloseStatus.POLICY_VIOLATION,
            "The subscriber fell behind the topic's queue limit.");

    final String topic;
    final SessionOutlet outlet;
    private final long maxQueuedBytes;
    private final WsOverflowPolicy policy;
    private final Function<Object, ?> keyFunction;
    private final WsMetrics metrics;
    /** DROP_OLDEST and CLOSE: the queue in publish order. */
    private final ArrayDeque<Publication> fifo;
    /** KEEP_LATEST_PER_KEY: key (or a unique object for a null key) to publication, in queue order. */
    private final LinkedHashMap<Object, Publication> latest;
    private long queuedBytes;
    private long dropped;
    private boolean active = true;
    private boolean drainScheduled;

    @SuppressWarnings("unchecked")
    Subscription(String topic, SessionOutlet outlet, WsSubscriptionOptions options, WsMetrics metrics) {
        this.topic = topic;
        this.outlet = outlet;
        this.metrics = metrics;
        this.maxQueuedBytes = options.getMaxQueuedBytes();
        this.policy = options.getOverflowPolicy();
        this.keyFunction = (Function<Object, ?>) options.getKeyFunction();
        boolean keyed = policy == WsOverflowPolicy.KEEP_LATEST_PER_KEY;
        this.fifo = keyed ? null : new ArrayDeque<>(4);
        this.latest = keyed ? new LinkedHashMap<>() : null;
    }

    /** A message was published to the topic. */
    void offer(Publication p) {
        if (!active) {
            return;
        }
        if (isEmpty() && roomInSocket()) {
            write(p);
            return;
        }
        enqueue(p);
        scheduleDrain();
    }

    /** The subscription ends (unsubscribe, the session ended, the topics closed): what is queued is dropped. */
    void deactivate() {
        active = false;
        clear();
    }

    private boolean roomInSocket() {
        return outlet.writable() && outlet.queuedBytes() <= WsSubscriptionOptions.SOCKET_ALLOWANCE;
    }

    private void write(Publication p) {
        Throwable refused = outlet.send(p.prepared(outlet.provider(), outlet.preparedDeflate()));
        if (refused != null) {
            // The session is closing; it leaves its topics when it has ended.
            deactivate();
        }
    }

    private boolean isEmpty() {
        return fifo != null ? fifo.isEmpty() : latest.isEmpty();
    }

    private void enqueue(Publication p) {
        if (p.cost > maxQueuedBytes || queuedBytes + p.cost > maxQueuedBytes) {
            if (policy == WsOverflowPolicy.CLOSE) {
                LOG.warn("Closing the connection with {}: its subscription to a topic has {} bytes queued and a "
                        + "message of {} bytes would pass the limit of {} bytes.", outlet.session().remoteAddress(),
                        queuedBytes, p.message.length(), maxQueuedBytes);
                deactivate();
                metrics.topicSubscriberClosed();
                outlet.close(FELL_BEHIND);
                return;
            }
            if (p.cost > maxQueuedBytes) {
                countDropped(); // larger than the whole queue: it can never be queued
                return;
            }
        }
        if (fifo != null) {
            fifo.addLast(p);
        } else {
            Object key;
            try {
                key = keyFunction.apply(p.message);
            } catch (RuntimeException e) {
                LOG.warn("The key function of a subscription failed; the message is dropped for that subscriber.", e);
                countDropped();
                return;
            }
            Object k = key == null ? new Object() : key; // a null key never replaces anything
            Publication replaced = latest.remove(k);
            if (replaced != null) {
                queuedBytes -= replaced.cost;
                countDropped();
            }
            latest.put(k, p); // at the end: what is delivered stays in publish order
        }
        queuedBytes += p.cost;
        while (queuedBytes > maxQueuedBytes) {
            queuedBytes -= pollFirst().cost;
            countDropped();
        }
    }

    private void countDropped() {
        dropped++;
        metrics.topicMessageDropped();
    }

    private Publication pollFirst() {
        if (fifo != null) {
            return fifo.pollFirst();
        }
        Iterator<Publication> it = latest.values().iterator();
        Publication p = it.next();
        it.remove();
        return p;
    }

    private void clear() {
        if (fifo != null) {
            fifo.clear();
        } else {
            latest.clear();
        }
        queuedBytes = 0;
    }

    /** Drains once everything written so far went out to the socket (never while the peer reads nothing). */
    private void scheduleDrain() {
        if (drainScheduled || !active) {
            return;
        }
        drainScheduled = true;
        outlet.whenWritten().onComplete(ar -> drain());
    }

    private void drain() {
        drainScheduled = false;
        if (!active) {
            return;
        }
        if (!outlet.isOpen()) {
            deactivate();
            return;
        }
        while (active && !isEmpty() && roomInSocket()) {
            Publication p = pollFirst();
            queuedBytes -= p.cost;
            write(p);
        }
        if (active && !isEmpty()) {
            scheduleDrain();
        }
    }

    /** Bytes queued (as counted against the bound). */
    long queuedBytes() {
        return queuedBytes;
    }

    /** Messages dropped by the overflow policy so far. */
    long dropped() {
        return dropped;
    }
}
