package dev.wscodec.examples;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import dev.wscodec.vertx.topics.WsTopics;
import dev.wscodec.vertx.topics.WsTopicsOptions;
import io.reactivex.rxjava3.core.Completable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ticker --cluster}: the topics are {@link WsTopics} topics shared by every node. Each topic's feed runs on one
 * node of the cluster at a time: a node with subscribers of a topic takes a lease on it in a cluster-wide map
 * ({@link #LEASES}, entries living {@link #LEASE_TTL_MILLIS} ms unless renewed) and, while it holds the lease, publishes
 * {@code tick TOPIC SEQ VALUE from NODE} every interval to the subscribers on every node. When that node dies or
 * loses its last subscriber of the topic, another node with subscribers takes over within a few seconds. SEQ counts
 * intervals since 1970, so the ticks go on where they left off whichever node feeds them. Clients can also send
 * {@code publish TOPIC TEXT}: every subscriber of the topic, on every node, receives {@code message TOPIC NODE: TEXT}.
 */
final class ClusteredTicker {

    /** The event-bus address prefix of the ticker's topics, apart from other WsTopics users on the cluster. */
    static final String ADDRESS_PREFIX = "wscodec.examples.ticker.";
    /** The cluster-wide map of leases: topic -> the node feeding it. */
    static final String LEASES = "wscodec.examples.ticker.feeds";
    /** How often a node renews its leases and looks for topics without a feed. */
    static final long LEASE_CHECK_MILLIS = 1000;
    /** A lease not renewed for this long expires, and another node may take the topic over. */
    static final long LEASE_TTL_MILLIS = 3000;
    /** Bytes queued for one slow subscriber of one topic, at most. */
    static final long MAX_QUEUED_BYTES = 16 * 1024;
    /** Longest text of a {@code publish}, in characters. */
    static final int MAX_TEXT = 1000;

    private final Vertx vertx;
    private final WsTopics topics;
    private final AsyncMap<String, String> leases;
    private final String node;
    private final long interval;
    private final WsSubscriptionOptions subscription;
    /** Local subscribers per topic; changed on the sessions' event loops. */
    private final ConcurrentHashMap<String, Integer> wanted = new ConcurrentHashMap<>();
    /** The feeds this node runs: topic -> timer id; used on {@link #context} only. */
    private final Map<String, Long> feeds = new HashMap<>();
    private final Context context;

    private ClusteredTicker(Vertx vertx, AsyncMap<String, String> leases, String node, long interval,
                            TickerServer.Overflow overflow) {
        this.vertx = vertx;
        this.leases = leases;
        this.node = node;
        this.interval = interval;
        this.topics = WsTopics.create(vertx, new WsTopicsOptions().setAddressPrefix(ADDRESS_PREFIX));
        WsSubscriptionOptions s = new WsSubscriptionOptions().setMaxQueuedBytes(MAX_QUEUED_BYTES);
        // latest: per topic, only the newest tick and the newest message wait for a slow client
        this.subscription = overflow == TickerServer.Overflow.LATEST
                ? s.setKeepLatestPerKey(ClusteredTicker::kind)
                : s.setOverflowPolicy(dev.wscodec.vertx.topics.WsOverflowPolicy.DROP_OLDEST);
        this.context = vertx.getOrCreateContext();
        context.runOnContext(v -> vertx.setPeriodic(LEASE_CHECK_MILLIS, id -> checkLeases()));
    }

    /** Creates the ticker of this node; blocks until the cluster-wide map of leases is there. */
    static ClusteredTicker create(Vertx vertx, String node, long interval, TickerServer.Overflow overflow)
            throws Exception {
        AsyncMap<String, String> leases = vertx.sharedData().<String, String>getAsyncMap(LEASES)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new ClusteredTicker(vertx, leases, node, interval, overflow);
    }

    /** The first word of a line: {@code tick} or {@code message}. */
    private static Object kind(Message m) {
        String text = m instanceof TextMessage t ? t.text() : "";
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    WsHandler handler() {
        return session -> {
            Set<String> named = new HashSet<>();
            Set<String> followed = new HashSet<>();   // on the session's event loop only
            return session.receive()
                    .concatMapCompletable(m -> {
                        String line = m instanceof TextMessage t ? t.text() : "(a binary message)";
                        if (line.startsWith("publish ")) {
                            return publish(line, session::sendText);
                        }
                        TickerServer.Command c = TickerServer.parse(line, named);
                        if (c.error() != null) {
                            return session.sendText(c.error());
                        }
                        if (c.subscribe()) {
                            Completable subscribed = Completable.fromCompletionStage(
                                    topics.subscribe(c.topic(), session, subscription).toCompletionStage());
                            if (followed.add(c.topic())) {
                                want(c.topic(), 1);
                            }
                            return session.sendText("subscribed " + c.topic()).andThen(subscribed);
                        }
                        if (followed.remove(c.topic())) {
                            want(c.topic(), -1);
                        }
                        return Completable.fromCompletionStage(topics.unsubscribe(c.topic(), session)
                                .toCompletionStage()).andThen(session.sendText("unsubscribed " + c.topic()));
                    })
                    .onErrorComplete()   // a dropped connection just leaves its topics
                    .doFinally(() -> followed.forEach(t -> want(t, -1)));
        };
    }

    private Completable publish(String line, java.util.function.Function<String, Completable> reply) {
        String[] words = line.split(" ", 3);
        if (words.length < 3 || !TickerServer.TOPIC.matcher(words[1]).matches() || words[2].isBlank()) {
            return reply.apply("error: send 'publish TOPIC TEXT'; a topic is 1-32 letters, digits, '.', '_' or '-'.");
        }
        if (words[2].length() > MAX_TEXT) {
            return reply.apply("error: a published text has at most " + MAX_TEXT + " characters.");
        }
        topics.publish(words[1], TextMessage.of("message " + words[1] + " " + node + ": " + words[2]));
        return reply.apply("published " + words[1]);
    }

    private void want(String topic, int delta) {
        Integer now = wanted.merge(topic, delta, (a, b) -> a + b == 0 ? null : a + b);
        if (delta > 0 && now == 1) {
            context.runOnContext(v -> checkLease(topic));   // a new topic here: look for its feed right away
        }
    }

    /** On {@link #context}: renew or take the leases of the topics with local subscribers, drop the others. */
    private void checkLeases() {
        for (String topic : wanted.keySet()) {
            checkLease(topic);
        }
        for (String topic : Set.copyOf(feeds.keySet())) {
            if (!wanted.containsKey(topic)) {
                stopFeed(topic);
                leases.removeIfPresent(topic, node);
            }
        }
    }

    private void checkLease(String topic) {
        if (feeds.containsKey(topic)) {
            leases.get(topic).onSuccess(owner -> {
                if (node.equals(owner)) {
                    leases.put(topic, node, LEASE_TTL_MILLIS);
                } else {
                    stopFeed(topic);   // the lease expired and another node took it
                }
            });
        } else {
            Future<String> taken = leases.putIfAbsent(topic, node, LEASE_TTL_MILLIS);
            taken.onSuccess(owner -> {
                if ((owner == null || owner.equals(node)) && wanted.containsKey(topic) && !feeds.containsKey(topic)) {
                    startFeed(topic);
                }
            });
        }
    }

    private void startFeed(String topic) {
        long[] last = {-1};
        long timer = vertx.setPeriodic(interval, id -> {
            long seq = System.currentTimeMillis() / interval;
            if (seq != last[0]) {
                last[0] = seq;
                topics.publish(topic, TextMessage.of(String.format(Locale.ROOT, "tick %s %d %.2f from %s", topic, seq,
                        100 + 10 * Math.sin((seq + Math.floorMod(topic.hashCode(), 100)) / 7.0), node)));
            }
        });
        feeds.put(topic, timer);
    }

    private void stopFeed(String topic) {
        Long timer = feeds.remove(topic);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
