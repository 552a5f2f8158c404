package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusteredTicker} on a plain Vert.x (its lease map is then local): ticks of a subscribed topic from this
 * node, published texts, and no more ticks after unsubscribing. The cluster itself is {@link TickerClusterIT}'s.
 */
class ClusteredTickerTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ticksPublishesAndStops() throws Exception {
        WsHandler handler = ClusteredTicker.create(vertx, "N", 50, TickerServer.Overflow.LATEST).handler();
        int port = Servers.deploy(vertx, 1, () -> new WsServerVerticle(new WsServerOptions().setHost("127.0.0.1")
                .setPort(0), handler));
        try (JdkClient a = JdkClient.connect("ws://127.0.0.1:" + port + "/");
             JdkClient b = JdkClient.connect("ws://127.0.0.1:" + port + "/")) {
            a.sendText("subscribe alpha");
            assertEquals("subscribed alpha", a.nextText());
            String tick = a.nextStartingWith("tick alpha ");
            assertTrue(tick.matches("tick alpha \\d+ \\d+\\.\\d\\d from N"), tick);
            b.sendText("publish alpha hello there");
            assertEquals("published alpha", b.nextText(), "b does not follow alpha, so it gets only the reply");
            assertEquals("message alpha N: hello there", a.nextStartingWith("message "));
            b.sendText("publish alpha");
            assertEquals("error: send 'publish TOPIC TEXT'; a topic is 1-32 letters, digits, '.', '_' or '-'.",
                    b.nextText());
            a.sendText("unsubscribe alpha");
            a.nextStartingWith("unsubscribed alpha");
            a.sendText("subscribe beta");
            assertEquals("subscribed beta", a.nextStartingWith("subscribed beta"));
            for (int i = 0; i < 5; i++) {
                String next = a.nextText();
                assertTrue(next.startsWith("tick beta "), "only beta after unsubscribing alpha: " + next);
            }
        }
    }
}
