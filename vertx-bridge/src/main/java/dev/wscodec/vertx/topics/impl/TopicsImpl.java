package dev.wscodec.vertx.topics.impl;

import dev.wscodec.vertx.impl.rx.SessionOutlet;

import dev.wscodec.api.Message;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.WsSession;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import dev.wscodec.vertx.topics.WsTopics;
import dev.wscodec.vertx.topics.WsTopicsOptions;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link WsTopics} of one node. Local fan-out: a publication is handed as one task to each context that has
 * subscribers of the topic ({@link Group}), which writes the frames prepared once ({@link Publication}) to each
 * subscriber ({@link Subscription}). Between nodes: on a clustered Vert.x, a node with local subscribers of topic
 * {@code T} has one event-bus consumer at {@code prefix + T}; {@code publish} fans out locally and publishes the
 * message once on the event bus (with {@link MessageBusCodec}), which sends it once to each node with a consumer;
 * each node ignores its own publications (header {@value #ORIGIN}) and fans out what others published.
 */
public final class TopicsImpl implements WsTopics {

    /** The event-bus header naming the node that published. */
    static final String ORIGIN = "wscodec-origin";

    private final Vertx vertx;
    private final WsTopicsOptions options;
    private final boolean clustered;
    private final String nodeId = UUID.randomUUID().toString();
    private final DeliveryOptions delivery;
    private final WsMetrics metrics;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<WsSession, SessionTopics> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public TopicsImpl(Vertx vertx, WsTopicsOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = options;
        this.options.getSubscriptionOptions().check();
        this.metrics = options.getMetrics();
        this.clustered = vertx.isClustered();
        this.delivery = new DeliveryOptions().setCodecName(MessageBusCodec.NAME).addHeader(ORIGIN, nodeId);
        if (clustered) {
            registerCodec(vertx.eventBus());
        }
    }

    private static void registerCodec(EventBus bus) {
        try {
            bus.registerCodec(new MessageBusCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // Another WsTopics on this Vert.x registered it: the same codec under the same name.
        }
    }

    /** The sessions of one connection and the topics it follows; changed on the connection's context only. */
    private static final class SessionTopics {
        final Map<String, Subscription> subscriptions = new HashMap<>(4);
        Disposable onClose;
    }

    // ---- subscribing ----

    @Override
    public Future<Void> subscribe(String topic, WsSession session) {
        return subscribe(topic, session, options.getSubscriptionOptions());
    }

    @Override
    public Future<Void> subscribe(String topic, WsSession session, WsSubscriptionOptions subscriptionOptions) {
        checkTopic(topic);
        Objects.requireNonNull(subscriptionOptions, "options").check();
        SessionOutlet outlet = SessionOutlet.of(Objects.requireNonNull(session, "session"));
        WsSubscriptionOptions opts = new WsSubscriptionOptions(subscriptionOptions);
        if (closed) {
            return Future.failedFuture(closedError());
        }
        Promise<Void> promise = Promise.promise();
        outlet.run(() -> {
            if (closed) {
                promise.fail(closedError());
                return;
            }
            if (!outlet.isOpen()) {
                promise.fail(new IllegalStateException("The session is not open, so it cannot subscribe to the "
                        + "topic '" + topic + "'."));
                return;
            }
            SessionTopics st = sessions.computeIfAbsent(session, s -> new SessionTopics());
            Subscription existing = st.subscriptions.get(topic);
            if (existing != null) {
                Topic t = topics.get(topic);
                (t == null ? Future.<Void>succeededFuture() : t.ready).onComplete(promise);
                return;
            }
            Subscription sub = new Subscription(topic, outlet, opts, metrics);
            st.subscriptions.put(topic, sub);
            metrics.topicSubscribed();
            if (st.onClose == null) {
                // A session that ends leaves its topics. Fires on the connection's context, after this task.
                st.onClose = outlet.onClose().subscribe(status -> leaveAll(session), e -> leaveAll(session));
            }
            join(sub).ready.onComplete(promise);
        });
        return promise.future();
    }

    private Topic join(Subscription sub) {
        return topics.compute(sub.topic, (name, t) -> {
            Topic topic = t != null ? t : new Topic(name, clustered ? consumer(name) : null);
            topic.add(sub);
            return topic;
        });
    }

    private MessageConsumer<Message> consumer(String topic) {
        return vertx.eventBus().consumer(options.getAddressPrefix() + topic, m -> {
            if (!nodeId.equals(m.headers().get(ORIGIN))) {
                fanOut(topic, m.body());
            }
        });
    }

    private void leave(Subscription sub) {
        sub.deactivate();
        metrics.topicUnsubscribed();
        topics.computeIfPresent(sub.topic, (name, t) -> {
            if (t.remove(sub)) {
                t.unregister();
                return null;
            }
            return t;
        });
    }

    private void leaveAll(WsSession session) {
        SessionTopics st = sessions.remove(session);
        if (st != null) {
            st.subscriptions.values().forEach(this::leave);
            st.subscriptions.clear();
        }
    }

    @Override
    public Future<Void> unsubscribe(String topic, WsSession session) {
        checkTopic(topic);
        SessionOutlet outlet = SessionOutlet.of(Objects.requireNonNull(session, "session"));
        Promise<Void> promise = Promise.promise();
        outlet.run(() -> {
            SessionTopics st = sessions.get(session);
            Subscription sub = st == null ? null : st.subscriptions.remove(topic);
            if (sub != null) {
                leave(sub);
                if (st.subscriptions.isEmpty()) {
                    sessions.remove(session, st);
                    st.onClose.dispose();
                }
            }
            promise.complete();
        });
        return promise.future();
    }

    // ---- publishing ----

    @Override
    public Future<Void> publish(String topic, Message message) {
        checkTopic(topic);
        Objects.requireNonNull(message, "message");
        if (closed) {
            return Future.failedFuture(closedError());
        }
        fanOut(topic, message);
        if (clustered) {
            vertx.eventBus().publish(options.getAddressPrefix() + topic, message, delivery);
        }
        return Future.succeededFuture();
    }

    /** Hands the message to each context with subscribers of the topic, in call order per context. */
    private void fanOut(String topic, Message message) {
        Topic t = topics.get(topic);
        if (t == null) {
            return; // nobody follows the topic on this node
        }
        metrics.topicFanOut();
        Publication p = new Publication(message);
        for (Group g : t.groups.values()) {
            g.context.runOnContext(v -> g.deliver(p));
        }
    }

    @Override
    public int localSubscribers(String topic) {
        checkTopic(topic);
        Topic t = topics.get(topic);
        int n = 0;
        if (t != null) {
            for (Group g : t.groups.values()) {
                n += g.size();
            }
        }
        return n;
    }

    // ---- closing ----

    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        List<Future<Void>> done = new ArrayList<>();
        for (Map.Entry<WsSession, SessionTopics> e : sessions.entrySet()) {
            Promise<Void> p = Promise.promise();
            SessionOutlet.of(e.getKey()).run(() -> {
                SessionTopics st = e.getValue();
                if (st.onClose != null) {
                    st.onClose.dispose();
                }
                leaveAll(e.getKey());
                p.complete();
            });
            done.add(p.future());
        }
        return Future.all(done).compose(v -> {
            List<Future<Void>> unregistered = new ArrayList<>();
            for (Topic t : topics.values()) {
                unregistered.add(t.unregister());
            }
            topics.clear();
            return Future.all(unregistered);
        }).mapEmpty();
    }

    // ---- checks and test hooks ----

    private void checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("A topic name must not be empty.");
        }
        if (topic.length() > options.getMaxTopicLength()) {
            throw new IllegalArgumentException("The topic name is " + topic.length() + " characters long; at most "
                    + options.getMaxTopicLength() + " are allowed (WsTopicsOptions.maxTopicLength).");
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("The WsTopics is closed.");
    }

    /**
     * Test hook, run on the session's context (after every publication handed to it so far): the bytes queued for
     * {@code session}'s subscription to {@code topic}, the messages its policy dropped, and the bytes in the
     * connection's socket buffer; -1 for the first two when there is no such subscription.
     */
    public Future<long[]> queueState(String topic, WsSession session) {
        Promise<long[]> promise = Promise.promise();
        SessionOutlet.of(session).run(() -> {
            SessionTopics st = sessions.get(session);
            Subscription sub = st == null ? null : st.subscriptions.get(topic);
            long socket = SessionOutlet.of(session).queuedBytes();
            promise.complete(sub == null ? new long[] {-1, -1, socket}
                    : new long[] {sub.queuedBytes(), sub.dropped(), socket});
        });
        return promise.future();
    }

    /** Test hook: the number of topics with local subscribers. */
    public int topicCount() {
        return topics.size();
    }
}
