package dev.wscodec.bench.load;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.bench.codec.Wire;
import dev.wscodec.vertx.WsServer;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsSession;
import dev.wscodec.vertx.topics.WsOverflowPolicy;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import dev.wscodec.vertx.topics.WsTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server of the fan-out benchmark, on one Vert.x event loop, with one publisher inside: {@code ours} is the
 * vertx-bridge with {@link WsTopics} (encode once, bounded queues); {@code vertx-eb} and {@code vertx-list} are the
 * usual Vert.x idioms on {@code HttpServer} WebSockets: each connection an event-bus consumer of the topic's
 * address (the publisher calls {@code eventBus().publish}), or a list of connections written in a loop.
 *
 * <p>With {@code -Dfanout.deflate=true} every server accepts permessage-deflate at level 6 (Vert.x's default, on by
 * default in its {@code HttpServerOptions}; ours with {@code server_no_context_takeover}, so that a publication is
 * compressed once for all subscribers, while Vert.x compresses it once per connection), and the messages are
 * consecutive slices of a 64 KiB JSON array, in turn, instead of repeated letters. Without it Vert.x's
 * per-message compression support is off (no subscriber offers it then) and ours has no deflate configured.
 *
 * <p>Line commands on the control port: {@code pid}; {@code heap} (used heap after GC, RSS); {@code subscribe}
 * (subscribes every open connection, answers {@code subscribed=N}); {@code start RATE SIZE COUNT} (publishes COUNT
 * binary messages of SIZE bytes at RATE per second, in ticks of 5 ms, each message a fresh copy); {@code stop}.
 *
 * <p>{@code floor} is not a WebSocket server but a measuring stick: {@link FloorServer}, one NIO write per delivery
 * and nothing else, the least any server that writes each delivery on its own can cost on the machine.
 *
 * <pre>
 * java -cp benchmarks.jar dev.wscodec.bench.load.FanoutServer ours|vertx-eb|vertx-list|floor PORT CONTROL_PORT
 * </pre>
 */
public final class FanoutServer {

    static final String ADDRESS = "fanout";
    /** The publisher publishes what has fallen due every {@value} ms (the floor too). */
    static final long TICK_MS = 5;
    private static final boolean DEFLATE = Boolean.getBoolean("fanout.deflate");

    private final String impl;
    private final Vertx vertx;
    private final List<WsSession> sessions = new ArrayList<>();
    private final List<ServerWebSocket> sockets = new ArrayList<>();
    private final List<ServerWebSocket> subscribers = new ArrayList<>();
    private final List<MessageConsumer<Buffer>> consumers = new ArrayList<>();
    private WsTopics topics;
    private long timer = -1;
    private long published;

    private FanoutServer(String impl, Vertx vertx) {
        this.impl = impl;
        this.vertx = vertx;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FanoutServer ours|vertx-eb|vertx-list|floor PORT CONTROL_PORT");
            System.exit(2);
        }
        if (args[0].equals("floor")) {
            FloorServer.run(Integer.parseInt(args[1]), Integer.parseInt(args[2])); // no Vert.x at all
            return;
        }
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)).withTransport(transport(System.getProperty("fanout.transport", "nio")))
                .build();
        System.out.println("transport " + ((io.vertx.core.internal.VertxInternal) vertx).transport().getClass()
                .getSimpleName() + ", permessage-deflate " + (DEFLATE ? "accepted" : "off"));
        FanoutServer s = new FanoutServer(args[0], vertx);
        int bound = s.listen(Integer.parseInt(args[1]));
        ControlPort.serve(Integer.parseInt(args[2]), s::answer);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
        System.out.println("READY " + args[0] + " port=" + bound + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** {@code nio} (the JDK's, Vert.x's default), {@code epoll} or {@code io_uring} (Linux, native). */
    private static Transport transport(String name) {
        Transport t = switch (name) {
            case "nio" -> Transport.NIO;
            case "epoll" -> Transport.EPOLL;
            case "io_uring" -> Transport.IO_URING;
            default -> throw new IllegalArgumentException("Unknown transport " + name + ": nio, epoll or io_uring.");
        };
        if (!t.available()) {
            throw new IllegalStateException("The " + name + " transport is not available here.", t.unavailabilityCause());
        }
        return t;
    }

    private int listen(int port) throws Exception {
        Future<Integer> bound;
        if (impl.equals("ours")) {
            topics = WsTopics.create(vertx);
            WsServerOptions options = new WsServerOptions().setHost("127.0.0.1").setPort(port)
                    .setMaxConnections(200_000).setHandshakeTimeout(Duration.ofSeconds(60))
                    .setPingInterval(Duration.ZERO);
            if (DEFLATE) {
                options.setCodecConfig(WsConfig.builder()
                        .deflate(DeflateConfig.DEFAULT.withServerNoContextTakeover(true)).build());
            }
            bound = WsServer.create(vertx, options, session -> {
                sessions.add(session);
                return session.receive().ignoreElements();
            }).listen().map(WsServer::actualPort);
        } else if (impl.equals("vertx-eb") || impl.equals("vertx-list")) {
            HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                    .setPerMessageWebSocketCompressionSupported(DEFLATE);
            bound = vertx.createHttpServer(options).webSocketHandler(ws -> {
                sockets.add(ws);
                ws.closeHandler(v -> sockets.remove(ws));
            }).listen().map(s -> s.actualPort());
        } else {
            throw new IllegalArgumentException("Unknown server '" + impl + "': use ours, vertx-eb or vertx-list.");
        }
        return bound.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Runs {@code task} on the event loop and waits for its answer. */
    private String onLoop(java.util.function.Supplier<Future<String>> task) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        vertx.runOnContext(v -> task.get().onComplete(ar -> {
            if (ar.succeeded()) {
                answer.complete(ar.result());
            } else {
                answer.completeExceptionally(ar.cause());
            }
        }));
        return answer.get(120, TimeUnit.SECONDS);
    }

    private Future<String> subscribe() {
        if (topics != null) {
            // A bound far above what a reading client ever queues: the benchmark measures delivery, not dropping.
            WsSubscriptionOptions o = new WsSubscriptionOptions().setOverflowPolicy(WsOverflowPolicy.DROP_OLDEST)
                    .setMaxQueuedBytes(4 * 1024 * 1024);
            List<Future<Void>> all = new ArrayList<>();
            for (WsSession s : sessions) {
                all.add(topics.subscribe(ADDRESS, s, o));
            }
            return Future.all(all).map(v -> "subscribed=" + all.size());
        }
        List<Future<Void>> all = new ArrayList<>();
        for (ServerWebSocket ws : sockets) {
            if (impl.equals("vertx-eb")) {
                MessageConsumer<Buffer> c = vertx.eventBus().consumer(ADDRESS, m -> ws.writeBinaryMessage(m.body()));
                consumers.add(c);
                all.add(c.completion());
            } else {
                subscribers.add(ws);
            }
        }
        return Future.all(all).map(v -> "subscribed=" + sockets.size());
    }

    private void start(double rate, int size, long count) {
        stop();
        byte[][] payloads = payloads(size);
        long t0 = System.nanoTime();
        published = 0;
        timer = vertx.setPeriodic(TICK_MS, id -> {
            long due = due(t0, rate, count);
            while (published < due) {
                publish(payloads[(int) (published % payloads.length)].clone());
                published++;
            }
        });
    }

    /** How many of {@code count} publications at {@code rate} per second have fallen due since {@code t0}. */
    static long due(long t0, double rate, long count) {
        return Math.min(count, (long) ((System.nanoTime() - t0) / 1e9 * rate));
    }

    /** {@code size} repeated letters: the payload of every publication without deflate. */
    static byte[] letters(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        return payload;
    }

    /**
     * Repeated letters; with deflate, consecutive slices of one JSON array, 64 KiB of it in all (so that a
     * connection's compression context, 32 KiB, never holds the message it is about to send again).
     */
    private static byte[][] payloads(int size) {
        if (!DEFLATE) {
            return new byte[][] {letters(size)};
        }
        int variants = Math.max(2, 64 * 1024 / size);
        byte[] json = Wire.asciiJson(size * variants);
        byte[][] slices = new byte[variants][];
        for (int i = 0; i < variants; i++) {
            slices[i] = Arrays.copyOfRange(json, size * i, size * (i + 1));
        }
        return slices;
    }

    private void publish(byte[] payload) {
        switch (impl) {
            case "ours" -> topics.publish(ADDRESS, BinaryMessage.wrap(payload));
            case "vertx-eb" -> vertx.eventBus().publish(ADDRESS, Buffer.buffer(payload));
            default -> {
                Buffer b = Buffer.buffer(payload);
                for (ServerWebSocket ws : subscribers) {
                    ws.writeBinaryMessage(b);
                }
            }
        }
    }

    private void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private String answer(String line) throws Exception {
        String[] w = line.trim().split(" ");
        return switch (w[0]) {
            case "pid" -> Long.toString(ProcessHandle.current().pid());
            case "heap" -> "heap=" + ControlPort.heapAfterGc() + " rss=" + ControlPort.rssBytes();
            case "subscribe" -> onLoop(this::subscribe);
            case "start" -> onLoop(() -> {
                start(Double.parseDouble(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3]));
                return Future.succeededFuture("started");
            });
            case "stop" -> onLoop(() -> {
                stop();
                return Future.succeededFuture("stopped published=" + published);
            });
            default -> "error unknown command '" + line + "'";
        };
    }
}
