package dev.wscodec.vertx;

import static dev.wscodec.vertx.Meters.count;
import static dev.wscodec.vertx.Meters.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.micrometer.MicrometerWsMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link MicrometerWsMetrics} on real connections: what both sides count for an echo, refused handshakes by
 * status, timeouts and the connection limit. Limit hits are in {@link MetricsLimitsTest}.
 */
@ExtendWith(VertxExtension.class)
class MetricsTest {

    private Vertx vertx;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.registry = new SimpleMeterRegistry();
    }

    private MicrometerWsMetrics metrics(String role) {
        return new MicrometerWsMetrics(registry, Tags.of("role", role));
    }

    private boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        return TestSupport.eventually(Duration.ofSeconds(10), condition);
    }

    @Test
    void anEchoIsCountedOnBothSidesAndTheirByteCountsAgree() throws Exception {
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setMetrics(metrics("server")),
                session -> session.send(session.receive()));
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setMetrics(metrics("client")));
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS)
                .blockingGet();
        for (String role : List.of("server", "client")) {
            assertEquals(1, count(registry, "ws.handshakes", "role", role, "status", "101"), role);
            assertEquals(1, gauge(registry, "ws.connections", "role", role), role);
            assertEquals(1, gauge(registry, "ws.sessions", "role", role), role);
        }

        Single<List<Message>> echoes = session.receive().take(3).toList().cache();
        echoes.subscribe();
        Flowable.just("one", "two", "three!").concatMapCompletable(session::sendText).blockingAwait();
        assertEquals(List.of(TextMessage.of("one"), TextMessage.of("two"), TextMessage.of("three!")),
                echoes.timeout(5, TimeUnit.SECONDS).blockingGet());
        session.close(4321, "done").blockingAwait(5, TimeUnit.SECONDS);

        assertTrue(eventually(() -> gauge(registry, "ws.connections", "role", "server") == 0
                && gauge(registry, "ws.connections", "role", "client") == 0), "both connections closed");
        for (String role : List.of("server", "client")) {
            assertEquals(0, gauge(registry, "ws.sessions", "role", role), role);
            assertEquals(3, count(registry, "ws.messages", "role", role, "direction", "in"), role);
            assertEquals(3, count(registry, "ws.messages", "role", role, "direction", "out"), role);
            assertEquals(12, count(registry, "ws.message.bytes", "role", role, "direction", "in"), role);
            assertEquals(12, count(registry, "ws.message.bytes", "role", role, "direction", "out"), role);
            // A private-use close code is counted in its range, not as a series of its own.
            assertEquals(1, count(registry, "ws.closes", "role", role, "code", "4xxx"), role);
            assertEquals(0, count(registry, "ws.closes", "role", role, "code", "4321"), role);
        }
        double sent = count(registry, "ws.bytes", "role", "client", "direction", "out");
        double received = count(registry, "ws.bytes", "role", "client", "direction", "in");
        // Handshake heads, three masked frames (6 + payload each) and a close frame with the reason "done".
        assertTrue(sent > 3 * 6 + 12 + 6 + 6 + 100, "the client's request head and frames: " + sent);
        assertEquals(sent, count(registry, "ws.bytes", "role", "server", "direction", "in"), "what one side wrote, "
                + "the other read");
        assertEquals(received, count(registry, "ws.bytes", "role", "server", "direction", "out"));
        client.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void handshakesAreCountedByOutcomeAndPlainRequestsApart() throws Exception {
        WsAcceptHook hook = request -> Single.just(request.path().equals("/nope")
                ? WsDecision.reject(404) : WsDecision.accept());
        WsServerOptions options = TestSupport.serverOptions().setHandshakeTimeout(Duration.ofMillis(300))
                .setMetrics(metrics("server"));
        int port = TestSupport.deploy(vertx, options, hook, session -> session.close(1000, "bye"), 1);
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setMetrics(metrics("client")));

        Throwable refused = TestSupport.errorOf(client.connect("ws://127.0.0.1:" + port + "/nope"));
        assertEquals(404, assertInstanceOf(WsHandshakeRejectedException.class, refused).status());
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + RawClient.KEY + "\r\nSec-WebSocket-Version: 8\r\n\r\n");
            assertTrue(raw.readHead().startsWith("HTTP/1.1 426 "));
        }
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readHead().startsWith("HTTP/1.1 426 "), "plain HTTP: upgrade required");
        }
        try (RawClient silent = new RawClient(port)) {
            assertTrue(silent.awaitEndOfStream(), "the handshake timeout ended the silent connection");
        }
        WsSession ok = client.connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS).blockingGet();
        ok.receive().subscribe(m -> { }, e -> { }); // a client reads (and sees the close) once subscribed
        assertEquals(1000, ok.onClose().timeout(5, TimeUnit.SECONDS).blockingGet().code());

        assertTrue(eventually(() -> gauge(registry, "ws.connections", "role", "server") == 0));
        assertEquals(1, count(registry, "ws.handshakes", "role", "server", "status", "404"));
        assertEquals(1, count(registry, "ws.handshakes", "role", "client", "status", "404"));
        assertEquals(0, count(registry, "ws.handshakes", "role", "client", "status", "none"));
        assertEquals(1, count(registry, "ws.handshakes", "role", "server", "status", "426"), "the upgrade only");
        assertEquals(1, count(registry, "ws.http.requests", "role", "server", "status", "426"));
        assertEquals(1, count(registry, "ws.handshakes", "role", "server", "status", "none"));
        assertEquals(1, count(registry, "ws.timeouts", "role", "server", "timeout", "handshake"));
        assertEquals(1, count(registry, "ws.handshakes", "role", "server", "status", "101"));
        assertEquals(1, count(registry, "ws.closes", "role", "server", "code", "1000"));
        assertEquals(0, count(registry, "ws.closes", "role", "server", "code", "1006"),
                "refused handshakes are not sessions");
        assertTrue(eventually(() -> gauge(registry, "ws.connections", "role", "client") == 0));
        assertEquals(0, gauge(registry, "ws.sessions", "role", "server"));
        client.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void connectionsBeyondTheLimitAreCountedAs503() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setMaxConnections(1).setMetrics(metrics("server"));
        int port = TestSupport.deploy(vertx, options, session -> session.send(session.receive()));
        try (RawClient first = new RawClient(port); RawClient second = new RawClient(port)) {
            assertTrue(first.handshake("/").startsWith("HTTP/1.1 101 "));
            assertTrue(second.handshake("/").startsWith("HTTP/1.1 503 "));
            assertEquals(1, count(registry, "ws.handshakes", "role", "server", "status", "503"));
            assertEquals(1, count(registry, "ws.limit.hits", "role", "server", "limit", "connections"));
            assertEquals(1, gauge(registry, "ws.connections", "role", "server"), "the refused one is not open");
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsCountedAsAPingTimeout() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setPingInterval(Duration.ofMillis(100))
                .setPongTimeout(Duration.ofMillis(300)).setMetrics(metrics("server"));
        int port = TestSupport.deploy(vertx, options, session -> session.send(session.receive()));
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            assertEquals(0x9, raw.readFrame().opcode(), "a keep-alive ping");
            assertTrue(raw.awaitEndOfStream(), "dropped for not answering");
        }
        assertTrue(eventually(() -> count(registry, "ws.closes", "role", "server", "code", "1006") == 1));
        assertEquals(1, count(registry, "ws.timeouts", "role", "server", "timeout", "ping"));
        assertEquals(0, count(registry, "ws.timeouts", "role", "server", "timeout", "idle"));
    }

    @Test
    void defaultOptionsReportToNoOne() {
        assertEquals(WsMetrics.NONE, new WsServerOptions().getMetrics());
        assertEquals(WsMetrics.NONE, new WsClientOptions().getMetrics());
        WsMetrics mine = metrics("copy");
        assertEquals(mine, new WsServerOptions(new WsServerOptions().setMetrics(mine)).getMetrics(),
                "copies share the instance");
    }
}
