package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's {@code /metrics} and {@code /health}, in this JVM over real sockets (the jar: DemoMonitoringIT). */
class DemoMonitoringTest {

    private Vertx vertx;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample {@code series} (name and labels exactly as printed) in Prometheus text. */
    static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("No sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    /** The demo's server with {@code monitoring}: an echo on {@code /echo} and {@code chat} on {@code /chat}. */
    private int deploy(Monitoring monitoring, WsHandler chat) throws Exception {
        WsServerOptions options = new WsServerOptions().setHost("127.0.0.1").setPort(0)
                .setCloseTimeout(Duration.ofSeconds(1))
                .setPlainHttpHandler(monitoring.handler(DemoServer.pages(DemoServer.page())))
                .setMetrics(monitoring.wsMetrics());
        WsServerVerticle verticle = new WsServerVerticle(options, DemoServer.router(s -> s.send(s.receive()), chat));
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return verticle.server().actualPort();
    }

    @Test
    void metricsCountWhatHappenedAndHealthTurnsTo503WhenStopping() throws Exception {
        Monitoring monitoring = new Monitoring();
        int port = deploy(monitoring, s -> s.send(s.receive()));

        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/echo")) {
            c.sendText("counted");
            assertEquals("counted", c.next());
            String open = get(port, "/metrics").body();
            assertEquals(1, sample(open, "ws_sessions"), "one session open now");
        }
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> JdkClient.connect("ws://127.0.0.1:" + port + "/elsewhere"));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException h && h.getResponse().statusCode() == 404,
                String.valueOf(refused.getCause()));
        assertEquals(200, get(port, "/").statusCode());

        HttpResponse<String> metrics = get(port, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals(Monitoring.PROMETHEUS_TEXT, metrics.headers().firstValue("Content-Type").orElse(""));
        String text = metrics.body();
        assertTrue(text.contains("# TYPE ws_handshakes_total counter"), text);
        assertEquals(1, sample(text, "ws_handshakes_total{status=\"101\"}"));
        assertEquals(1, sample(text, "ws_handshakes_total{status=\"404\"}"));
        assertEquals(1, sample(text, "ws_messages_total{direction=\"in\"}"));
        assertEquals(1, sample(text, "ws_messages_total{direction=\"out\"}"));
        assertEquals(7, sample(text, "ws_message_bytes_total{direction=\"in\"}"));
        assertTrue(sample(text, "ws_bytes_total{direction=\"in\"}") > 7, "the request head and a frame");
        assertEquals(2, sample(text, "ws_http_requests_total{status=\"200\"}"), "the first /metrics and the page; "
                + "this one is counted once it has answered");
        assertTrue(text.contains("ws_limit_hits_total{limit=\"inflate\"} 0.0"), "limits are listed before a hit");
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\""), "JVM meters too");
        assertTrue(text.contains("process_files_open_files"), "open file descriptors");

        HttpResponse<String> health = get(port, "/health");
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("3", head.headers().firstValue("Content-Length").orElse(""), "GET's length (RFC 9110 9.3.2)");
        assertEquals("", head.body());
        monitoring.stopping();
        HttpResponse<String> stopping = get(port, "/health");
        assertEquals(503, stopping.statusCode());
        assertEquals("shutting down\n", stopping.body());
    }

    @Test
    void theChatRoomsSubscriptionsAndFanOutsAreInTheMetrics() throws Exception {
        Monitoring monitoring = new Monitoring();
        int port = deploy(monitoring, ChatRoom.handler(vertx, ChatRoom.DEFAULT_LIMIT, null, monitoring.wsMetrics()));
        String before = get(port, "/metrics").body();
        assertEquals(0, sample(before, "ws_topic_subscriptions"), "listed before anyone joins");
        try (JdkClient alice = JdkClient.connect("ws://127.0.0.1:" + port + "/chat?name=alice")) {
            assertTrue(alice.nextText().startsWith("Welcome, alice!"));
            assertEquals("* alice joined the room", alice.nextText());
            alice.sendText("hello");
            String line = alice.nextText();
            assertTrue(line.endsWith(" alice: hello"), line);
            String text = get(port, "/metrics").body();
            assertEquals(1, sample(text, "ws_topic_subscriptions"));
            assertEquals(2, sample(text, "ws_topic_fanouts_total"), "the join notice and the line");
            assertEquals(0, sample(text, "ws_topic_drops_total"));
            assertEquals(0, sample(text, "ws_topic_overflow_closes_total"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sample(get(port, "/metrics").body(), "ws_topic_subscriptions") != 0) {
            assertTrue(System.nanoTime() < deadline, "the member left the room within 10 s");
            Thread.sleep(50);
        }
    }
}
