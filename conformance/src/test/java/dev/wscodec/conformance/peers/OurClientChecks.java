package dev.wscodec.conformance.peers;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The project's client (the Vert.x bridge's {@link WsClient}) against a third-party echo server that also closes
 * on request ({@code "close:CODE:REASON"}). Returns the failed checks, empty when all passed.
 */
final class OurClientChecks {

    static final int[] SIZES = {0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20};

    /**
     * The clients in use. They must stay referenced while their sessions live: Vert.x closes a NetClient that became
     * unreachable, and with it its connections (1001).
     */
    private final List<WsClient> clients = new ArrayList<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    private OurClientChecks() {
    }

    static List<String> run(String url, boolean deflate) throws InterruptedException {
        OurClientChecks c = new OurClientChecks();
        Vertx vertx = Vertx.vertx();
        try {
            c.guarded("echo", () -> c.echoChecks(vertx, url, deflate));
            c.guarded("ping", () -> c.pingCheck(vertx, url));
            c.guarded("peer-close", () -> c.peerCloseCheck(vertx, url));
        } finally {
            for (WsClient client : c.clients) {
                client.close().await();
            }
            vertx.close().await();
        }
        return List.copyOf(c.failures);
    }

    private interface Check {
        void run() throws InterruptedException;
    }

    /** Runs a group of checks; an exception fails the group with its message instead of hiding the others. */
    private void guarded(String group, Check check) throws InterruptedException {
        try {
            check.run();
        } catch (RuntimeException e) {
            failures.add(group + " ended with " + e);
        }
    }

    private void check(String name, boolean ok, String why) {
        if (!ok) {
            failures.add(name + ": " + why);
        }
    }

    private WsClient client(Vertx vertx, boolean deflate, Duration pingInterval) {
        // Messages over 64 KiB go out in 64 KiB frames: the peer must reassemble them.
        WsConfig config = WsConfig.builder().maxMessageSize(Peers.LIMIT).maxFrameSize(Peers.LIMIT)
                .fragmentSize(64 * 1024).deflate(deflate ? DeflateConfig.DEFAULT : null).build();
        WsClient client = WsClient.create(vertx, new WsClientOptions().setCodecConfig(config)
                .setMaxQueuedOutboundBytes(2 * Peers.LIMIT).setPingInterval(pingInterval)
                .setPongTimeout(Duration.ofMillis(pingInterval.isZero() ? 10_000 : 700)));
        clients.add(client);
        return client;
    }

    private void echoChecks(Vertx vertx, String url, boolean deflate) throws InterruptedException {
        WsSession s = client(vertx, deflate, Duration.ZERO).connect(url, List.of("chat"), HttpHeaders.EMPTY)
                .blockingGet();
        check("subprotocol", "chat".equals(s.subprotocol()), "negotiated " + s.subprotocol());
        boolean negotiated = s.extensions().stream().anyMatch(e -> e.name().equals("permessage-deflate"));
        check("compression", negotiated == deflate, "extensions " + s.extensions());
        BlockingQueue<Message> in = new LinkedBlockingQueue<>();
        s.receive().subscribe(in::add, e -> failures.add("receive failed: " + e));
        SplittableRandom random = new SplittableRandom(1);
        for (int n : SIZES) {
            StringBuilder sb = new StringBuilder(n);
            while (sb.length() < n) {
                sb.append(sb.length() % 97 == 0 ? '\u00e9' : (char) ('a' + random.nextInt(26)));
            }
            TextMessage text = TextMessage.of(sb.toString());
            s.send(text).blockingAwait(60, TimeUnit.SECONDS);
            Message back = in.poll(60, TimeUnit.SECONDS);
            check("text-" + n, text.equals(back), "echo was " + back);
            byte[] data = new byte[n];
            random.nextBytes(data);
            s.sendBinary(data).blockingAwait(60, TimeUnit.SECONDS);
            back = in.poll(60, TimeUnit.SECONDS);
            check("binary-" + n, back instanceof BinaryMessage b && Arrays.equals(b.toByteArray(), data),
                    "echo was " + back);
        }
        s.close(CloseStatus.NORMAL_CLOSURE, "done").blockingAwait(30, TimeUnit.SECONDS);
        check("close-1000", s.closeStatus().map(CloseStatus::code).orElse(0) == 1000, "status " + s.closeStatus());
    }

    /** Keep-alive pings every 100 ms with a 700 ms pong timeout: an idle connection survives only if pongs come. */
    private void pingCheck(Vertx vertx, String url) throws InterruptedException {
        WsSession s = client(vertx, false, Duration.ofMillis(100)).connect(url, List.of("chat"), HttpHeaders.EMPTY)
                .blockingGet();
        s.receive().subscribe(m -> { }, e -> { });
        Thread.sleep(2_000);
        check("ping-pong", s.isOpen(), "the connection ended while idle: " + s.closeStatus());
        s.close().blockingAwait(30, TimeUnit.SECONDS);
    }

    /** The peer closes with 4002 on request; the client must report the peer's code and reason. */
    private void peerCloseCheck(Vertx vertx, String url) {
        WsSession s = client(vertx, false, Duration.ZERO).connect(url, List.of("chat"), HttpHeaders.EMPTY)
                .blockingGet();
        s.receive().subscribe(m -> { }, e -> failures.add("receive failed before the peer's close: " + e));
        s.sendText("close:4002:peer says bye").blockingAwait(30, TimeUnit.SECONDS);
        CloseStatus status = s.onClose().timeout(30, TimeUnit.SECONDS).blockingGet();
        check("peer-close", status.code() == 4002 && status.reason().equals("peer says bye"), "status " + status);
    }
}
