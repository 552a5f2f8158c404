package dev.wscodec.examples;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The {@code ticker} command: reactive composition in application code. Each client sends {@code subscribe TOPIC}
 * and {@code unsubscribe TOPIC}; the server merges one {@link Flowable#interval}-driven stream per subscribed topic
 * into the client's outbound stream. A client that reads slower than the updates come gets, per topic, only the
 * latest update ({@link Overflow#LATEST}) or nothing until it catches up ({@link Overflow#DROP}): the server never
 * queues more than a few lines per topic for it.
 */
final class TickerServer {

    static final int DEFAULT_PORT = 9878;
    /** Topics one connection may name, at most. */
    static final int MAX_TOPICS = 32;
    /** A topic is a word of letters, digits, '.', '_' or '-', at most 32 characters. */
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    /** What happens to updates a slow client has no room for. */
    enum Overflow {
        /** Keep only the newest update of each topic until the client asks for more. */
        LATEST,
        /** Drop updates while the client has no room; it sees the ones that come after. */
        DROP
    }

    /** A parsed command: a topic to (un)subscribe, or an error to answer (topic empty). */
    record Command(String topic, boolean subscribe, String error) {
        static Command error(String message) {
            return new Command("", false, message);
        }
    }

    private TickerServer() {
    }

    static void run(Args a, PrintStream out) throws Exception {
        int port = a.intValue("--port", 0, 65535, DEFAULT_PORT);
        long interval = a.longValue("--interval", 1, 3_600_000, 500);
        Overflow overflow = switch (a.value("--overflow", "latest")) {
            case "latest" -> Overflow.LATEST;
            case "drop" -> Overflow.DROP;
            default -> throw new Args.UsageException("The value of --overflow must be 'latest' or 'drop' but was '"
                    + a.value("--overflow", "") + "'.");
        };
        InetAddress host = Servers.bindAddress(a);
        WsServerOptions options = Servers.withTls(a, new WsServerOptions()
                .setHost(host.getHostAddress())
                .setPort(port)
                .setCodecConfig(Servers.fanOutCodec(a).build()));
        ClusterOptions.Node node = ClusterOptions.parse(a).start(out);
        Vertx vertx = node.vertx();
        // On a cluster, the topics are shared by every node (see ClusteredTicker); else each client has its own feeds.
        WsHandler handler = node.name() == null ? handler(interval, overflow, Schedulers.computation())
                : ClusteredTicker.create(vertx, node.name(), interval, overflow).handler();
        int actual = Servers.deploy(vertx, 1, () -> new WsServerVerticle(options, handler));
        out.println("Ticker on " + Servers.url(Servers.scheme(a, "ws"), host, actual, "/")
                + ": send 'subscribe TOPIC' or "
                + "'unsubscribe TOPIC'" + (node.name() == null ? "" : " or 'publish TOPIC TEXT'")
                + "; an update per topic every " + interval + " ms; slow clients: "
                + overflow.name().toLowerCase(Locale.ROOT)
                + (node.name() == null ? "" : "; node " + node.name() + " of a cluster") + ". Ctrl+C stops.");
        out.flush();
        Servers.runUntilStopped(vertx, out);
    }

    static WsHandler handler(long intervalMillis, Overflow overflow, Scheduler scheduler) {
        return session -> {
            Flowable<String> lines = session.receive()
                    .map(m -> m instanceof TextMessage t ? t.text() : "(a binary message)");
            Flowable<Message> out = updates(lines, intervalMillis, overflow, scheduler).map(TextMessage::of);
            return session.send(out).onErrorComplete();   // ends when the session closes
        };
    }

    /**
     * The outbound lines for a stream of command lines: acknowledgements, errors and, per subscribed topic,
     * {@code tick TOPIC SEQ VALUE} every {@code intervalMillis}. Demand-driven: each topic buffers at most a line or
     * two beyond what was requested, by the overflow policy.
     */
    static Flowable<String> updates(Flowable<String> commands, long intervalMillis, Overflow overflow,
                                    Scheduler scheduler) {
        return Flowable.defer(() -> {
            Set<String> named = new HashSet<>();
            // Per topic, the number of the last tick generated: a topic subscribed again continues its numbering.
            Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
            return commands.map(line -> parse(line, named))
                    .groupBy(Command::topic)
                    .flatMap(group -> group.getKey().isEmpty()
                            ? group.map(Command::error)
                            // switchMap: a new command for a topic replaces what the previous one started
                            : group.switchMap(c -> c.subscribe()
                                    ? Flowable.just("subscribed " + c.topic())
                                            .concatWith(ticks(c.topic(), intervalMillis, overflow, scheduler,
                                                    sequences.computeIfAbsent(c.topic(), t -> new AtomicLong())))
                                    : Flowable.just("unsubscribed " + c.topic()), 1),
                            false, MAX_TOPICS + 1, 1);
        });
    }

    /**
     * {@code tick TOPIC SEQ VALUE} every {@code intervalMillis}, numbered on from {@code sequence} (the last number
     * this connection's topic generated), so that a gap in the numbers shows updates the client missed.
     */
    static Flowable<String> ticks(String topic, long intervalMillis, Overflow overflow, Scheduler scheduler,
                                  AtomicLong sequence) {
        int phase = Math.floorMod(topic.hashCode(), 100);
        Flowable<String> ticks = Flowable.interval(intervalMillis, intervalMillis, TimeUnit.MILLISECONDS, scheduler)
                .map(i -> {
                    long n = sequence.incrementAndGet();
                    return String.format(Locale.ROOT, "tick %s %d %.2f", topic, n,
                            100 + 10 * Math.sin((n - 1 + phase) / 7.0));
                });
        return overflow == Overflow.LATEST ? ticks.onBackpressureLatest() : ticks.onBackpressureDrop();
    }

    static Command parse(String line, Set<String> named) {
        String[] words = line.strip().split("\\s+");
        boolean sub = words[0].equals("subscribe");
        if (words.length != 2 || !(sub || words[0].equals("unsubscribe"))) {
            String shown = line.length() > 40 ? line.substring(0, 40) + "..." : line;
            return Command.error("error: unknown command '" + shown + "'; send 'subscribe TOPIC' or 'unsubscribe TOPIC'.");
        }
        String topic = words[1];
        if (!TOPIC.matcher(topic).matches()) {
            return Command.error("error: a topic is 1-32 letters, digits, '.', '_' or '-'.");
        }
        if (!named.contains(topic) && named.size() >= MAX_TOPICS) {
            return Command.error("error: a connection can name at most " + MAX_TOPICS + " topics.");
        }
        named.add(topic);
        return new Command(topic, sub, null);
    }
}
