package dev.wscodec.vertx;

import static dev.wscodec.vertx.Meters.count;
import static dev.wscodec.vertx.Meters.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.micrometer.MicrometerWsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each limit a peer can hit, over real sockets, counted once under its own name with the close code it caused. */
@ExtendWith(VertxExtension.class)
class MetricsLimitsTest {

    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private MicrometerWsMetrics metrics;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.registry = new SimpleMeterRegistry();
        this.metrics = new MicrometerWsMetrics(registry);
    }

    @Test
    void frameMessageAndInflateLimitsAreCountedApart() throws Exception {
        WsConfig small = WsConfig.builder().maxFrameSize(1000).maxMessageSize(1000).deflate(DeflateConfig.DEFAULT)
                .build();
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCodecConfig(small).setMetrics(metrics),
                session -> session.send(session.receive()));

        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            raw.writeFrame(true, 0x2, new byte[2000]);
            assertEquals(1009, raw.readFrame().closeCode(), "one frame over the frame limit");
        }
        assertEquals(1, count(registry, "ws.limit.hits", "limit", "frame"));

        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            raw.writeFrame(false, 0x2, new byte[600]);
            raw.writeFrame(true, 0x0, new byte[600]);
            assertEquals(1009, raw.readFrame().closeCode(), "two frames within it, the message over its limit");
        }
        assertEquals(1, count(registry, "ws.limit.hits", "limit", "message"));

        WsClient client = WsClient.create(vertx, TestSupport.clientOptions()
                .setCodecConfig(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build()));
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS)
                .blockingGet();
        session.receive().subscribe(m -> { }, e -> { });
        session.sendBinary(new byte[100_000]).blockingAwait(5, TimeUnit.SECONDS); // a few hundred bytes compressed
        CloseStatus status = session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals(1009, status.code(), "it inflates beyond the message limit");
        client.close().await(5, TimeUnit.SECONDS);

        assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> gauge(registry, "ws.connections") == 0));
        assertEquals(1, count(registry, "ws.limit.hits", "limit", "inflate"));
        assertEquals(1, count(registry, "ws.limit.hits", "limit", "frame"), "still one");
        assertEquals(1, count(registry, "ws.limit.hits", "limit", "message"), "still one");
        assertEquals(3, count(registry, "ws.closes", "code", "1009"));
        assertEquals(3, count(registry, "ws.handshakes", "status", "101"));
    }

    @Test
    void theOutboundQueueLimitIsCountedWithItsClose() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setMaxQueuedOutboundBytes(TestSupport.MIB)
                .setCloseTimeout(Duration.ofMillis(300)).setMetrics(metrics);
        int port = TestSupport.deploy(vertx, options, session -> Flowable.range(0, 10_000)
                // All sends at once to a peer that does not read: the misuse the limit guards.
                .flatMapCompletable(i -> session.sendBinary(new byte[64 * 1024]), false, Integer.MAX_VALUE));
        try (RawClient raw = new RawClient(port, 16 * 1024)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            assertTrue(TestSupport.eventually(Duration.ofSeconds(10),
                    () -> count(registry, "ws.limit.hits", "limit", "outbound_queue") == 1));
            assertTrue(raw.awaitEndOfStream(), "the close timeout ended the connection");
        }
        assertTrue(TestSupport.eventually(Duration.ofSeconds(10),
                () -> count(registry, "ws.closes", "code", "1008") == 1));
        assertEquals(1, count(registry, "ws.timeouts", "timeout", "close"), "the peer never answered the close");
        double sent = count(registry, "ws.messages", "direction", "out");
        assertTrue(sent >= 1 && sent < 200, "what the limit and the socket buffers let through: " + sent);
        assertEquals(sent * 64 * 1024, count(registry, "ws.message.bytes", "direction", "out"));
    }
}
