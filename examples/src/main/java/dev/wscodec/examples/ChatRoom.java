package dev.wscodec.examples;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * A chat room (seed 001 done right): a welcome on connect, every message broadcast to everyone with a time stamp and
 * the sender, {@code quit} leaves. Broadcasts go through the Vert.x event bus, so every verticle instance (each on its
 * own event loop) shares the room. Clients name themselves with {@code ?name=NAME}; else their address is used.
 */
final class ChatRoom {

    /** The event bus address every session of the room listens on. */
    static final String ADDRESS = "wscodec.examples.chat";
    /** Broadcasts queued for one slow client, at most; older ones are dropped beyond that. */
    static final int MAX_QUEUED_BROADCASTS = 256;
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
        return handler(vertx, DEFAULT_LIMIT);
    }

    /** Serves one member of the room. */
    static WsHandler handler(Vertx vertx, LineLimit limit) {
        return session -> {
            String name = nameOf(session);
            Flowable<Message> broadcasts = Flowable.<String>create(emitter -> {
                MessageConsumer<String> consumer = vertx.eventBus().consumer(ADDRESS, m -> emitter.onNext(m.body()));
                // Announce only once this member is registered, so it sees its own arrival.
                consumer.completion().onSuccess(v -> publish(vertx, "* " + name + " joined the room"));
                emitter.setCancellable(consumer::unregister);
            }, BackpressureStrategy.MISSING)
                    // A client that reads slower than the room talks loses the oldest lines, never our memory.
                    .onBackpressureBuffer(MAX_QUEUED_BROADCASTS, null, BackpressureOverflowStrategy.DROP_OLDEST)
                    .map(TextMessage::of);
            Flowable<Message> outbound = Flowable.<Message>just(TextMessage.of("Welcome, " + name
                    + "! Everything you send goes to the whole room; send quit to leave.")).concatWith(broadcasts);

            Completable inbound = session.receive()
                    .concatMapCompletable(m -> {
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
                            publish(vertx, LocalTime.now().format(TIME) + " " + name + ": " + text);
                        }
                        return Completable.complete();
                    })
                    .onErrorComplete();   // a dropped connection just leaves the room
            // The session lives until the member leaves or disconnects; that also ends the broadcasts.
            return inbound.ambWith(session.send(outbound).onErrorComplete())
                    .doFinally(() -> publish(vertx, "* " + name + " left the room"));
        };
    }

    private static void publish(Vertx vertx, String line) {
        vertx.eventBus().publish(ADDRESS, line);
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
