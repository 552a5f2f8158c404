package dev.wscodec.examples;

import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.WsSession;
import dev.wscodec.vertx.topics.WsOverflowPolicy;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import dev.wscodec.vertx.topics.WsTopics;
import dev.wscodec.vertx.topics.WsTopicsOptions;
import io.reactivex.rxjava3.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * A chat room (seed 001 done right): a welcome on connect, every message broadcast to everyone with a time stamp and
 * the sender, {@code quit} leaves. The room is a {@link WsTopics} topic: a line is encoded once per node and written
 * to every member on every verticle instance (each on its own event loop) and, when the Vert.x is clustered, on every
 * other node of the cluster. Clients name themselves with {@code ?name=NAME}; else their address is used.
 */
final class ChatRoom {

    /** The topic every member of the room follows. */
    static final String ROOM = "lobby";
    /** The event-bus address prefix of the chat's topics, apart from other WsTopics users on the same cluster. */
    static final String ADDRESS_PREFIX = "wscodec.examples.chat.";
    /**
     * Bytes of broadcasts queued for one slow client, at most; the oldest lines are dropped beyond that (a chat
     * member who reads slowly misses old lines rather than being disconnected).
     */
    static final long MAX_QUEUED_BYTES = 256 * 1024;
    /** Longest chat line broadcast, in characters; longer ones are refused with a reply to the sender only. */
    static final int MAX_LINE = 4000;
    /** The room's default limit: {@link #MAX_LINE} characters. */
    static final LineLimit DEFAULT_LIMIT = new LineLimit(MAX_LINE, false);
    /** Longest name, in characters. */
    static final int MAX_NAME = 24;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * The longest line the room broadcasts, in characters or (for {@code chat --max-message}) in bytes of UTF-8.
     * Longer lines are refused with a reply to their sender.
     */
    record LineLimit(long max, boolean bytes) {

        /** The refusal for {@code m}, or {@code null} when it fits. */
        String refusal(TextMessage m, String text) {
            long size = bytes ? m.length() : text.length();
            return size <= max ? null : "Your message has " + size + (bytes ? " bytes" : " characters")
                    + "; the room takes at most " + max + ", so it was not sent.";
        }
    }

    private ChatRoom() {
    }

    /** Serves one member of the room, with lines of at most {@link #MAX_LINE} characters. */
    static WsHandler handler(Vertx vertx) {
        return handler(vertx, DEFAULT_LIMIT, null);
    }

    /** Serves one member of the room (not clustered). */
    static WsHandler handler(Vertx vertx, LineLimit limit) {
        return handler(vertx, limit, null);
    }

    /**
     * Serves one member of the room; on a cluster, {@code node} names this node in the join notice so the cross-node
     * path is visible (null: not clustered). Make one handler per Vert.x: it holds the room.
     */
    static WsHandler handler(Vertx vertx, LineLimit limit, String node) {
        return handler(vertx, limit, node, WsMetrics.NONE);
    }

    /**
     * As {@link #handler(Vertx, LineLimit, String)}, with the room's subscriptions, fan-outs and drops reported to
     * {@code metrics}.
     */
    static WsHandler handler(Vertx vertx, LineLimit limit, String node, WsMetrics metrics) {
        WsTopics topics = WsTopics.create(vertx, new WsTopicsOptions().setAddressPrefix(ADDRESS_PREFIX)
                .setMetrics(metrics)
                .setSubscriptionOptions(new WsSubscriptionOptions().setMaxQueuedBytes(MAX_QUEUED_BYTES)
                        .setOverflowPolicy(WsOverflowPolicy.DROP_OLDEST)));
        String where = node == null ? "" : " on node " + node;
        return session -> {
            String name = nameOf(session);
            // On the connection's event loop: the welcome is written first, and the member is in the room (on this
            // node) from now on, so every line published after this reaches it, after the welcome. The join notice
            // goes out once the room's consumer is registered (at once when not clustered).
            Completable welcome = session.sendText("Welcome, " + name
                    + "! Everything you send goes to the whole room; send quit to leave.").cache();
            welcome.subscribe(() -> { }, e -> { });
            Future<Void> subscribed = topics.subscribe(ROOM, session);
            Completable joined = welcome
                    .andThen(Completable.fromCompletionStage(subscribed.toCompletionStage()))
                    .doOnComplete(() -> publish(topics, "* " + name + " joined the room" + where))
                    .cache();
            // Subscribed at once (see WsSession); a line sent before the member is in the room waits for it.
            Completable inbound = session.receive()
                    .concatMapCompletable(m -> joined.andThen(Completable.defer(() -> {
                        if (!(m instanceof TextMessage t)) {
                            return session.sendText("The room takes text messages only; your binary message of "
                                    + m.length() + " bytes was not sent.");
                        }
                        String text = t.text().strip();
                        if (text.equals("quit")) {
                            return session.sendText("Bye, " + name + "!").andThen(session.close(1000, "quit"));
                        }
                        String refusal = limit.refusal(t, text);
                        if (refusal != null) {
                            return session.sendText(refusal);
                        }
                        if (!text.isEmpty()) {
                            publish(topics, LocalTime.now().format(TIME) + " " + name + ": " + text);
                        }
                        return Completable.complete();
                    })));
            // The session lives until the member leaves or disconnects; it leaves the topic by itself then.
            return inbound.mergeWith(joined)
                    .onErrorComplete()   // a dropped connection just leaves the room
                    .doFinally(() -> publish(topics, "* " + name + " left the room"));
        };
    }

    private static void publish(WsTopics topics, String line) {
        topics.publish(ROOM, TextMessage.of(line));
    }

    /** The {@code name} query parameter, cleaned up, or the remote address. */
    static String nameOf(WsSession session) {
        String query = session.request().query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("name=")) {
                    String name = clean(URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8));
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
            }
        }
        return String.valueOf(session.remoteAddress());
    }

    /** Letters, digits, space, '.', '_' and '-' only, at most {@link #MAX_NAME} characters. */
    static String clean(String name) {
        StringBuilder sb = new StringBuilder();
        name.strip().codePoints()
                .filter(c -> Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '_' || c == '-')
                .limit(MAX_NAME)
                .forEach(sb::appendCodePoint);
        return sb.toString().strip();
    }
}
