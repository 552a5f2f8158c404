package dev.wscodec.conformance.autobahn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.conformance.VertxEchoServer;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client role through the Vert.x bridge: wstest's {@code fuzzingserver} plays the server side of every case and
 * the bridge's {@link WsClient} echoes what it receives ({@code session.send(session.receive())}), one connection
 * per case, each waited for until TCP has closed.
 */
class AutobahnBridgeClientTest {

    static final String AGENT = "wscodec-vertx-client";

    @Test
    void everyCaseIsOk() throws Exception {
        AutobahnRun.skipIfAsked();
        int port = AutobahnClientTest.freePort();
        Path out = Path.of("target", "autobahn", AGENT);
        long start = System.nanoTime();
        Wstest.fuzzingServer(port, AutobahnRun.ALL_CASES, List.of(), out);
        AutobahnClientTest.awaitListening(port);
        Vertx vertx = Vertx.vertx();
        try {
            WsClientOptions options = new WsClientOptions()
                    .setCodecConfig(WsConfig.builder().maxMessageSize(VertxEchoServer.MAX_MESSAGE)
                            .maxFrameSize(VertxEchoServer.MAX_MESSAGE).build())
                    .setMaxQueuedOutboundBytes(4 * VertxEchoServer.MAX_MESSAGE)
                    .setHandshakeTimeout(Duration.ofSeconds(10))
                    .setCloseTimeout(Duration.ofSeconds(5));
            WsClient client = WsClient.create(vertx, options);
            String base = "ws://127.0.0.1:" + port;
            WsSession counter = client.connect(base + "/getCaseCount").timeout(30, TimeUnit.SECONDS).blockingGet();
            int count = Integer.parseInt(((TextMessage) counter.receive().firstOrError()
                    .timeout(30, TimeUnit.SECONDS).blockingGet()).text().trim());
            counter.onClose().timeout(30, TimeUnit.SECONDS).blockingGet();
            for (int i = 1; i <= count; i++) {
                echoUntilClosed(client, base + "/runCase?case=" + i + "&agent=" + AGENT);
            }
            echoUntilClosed(client, base + "/updateReports?agent=" + AGENT);
            AutobahnReport report = AutobahnReport.read(out, AGENT);
            System.out.printf("Autobahn fuzzingserver with the Vert.x WsClient: %d cases in %d s, %s%n",
                    report.cases().size(), (System.nanoTime() - start) / 1_000_000_000L, report.countsBySection());
            ConformanceDoc.update(report);
            assertEquals(count, report.cases().size(), "wstest recorded fewer cases than it ran; see " + out);
            AutobahnRun.assertOk(report, out);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** Echoes every message of one connection and returns once its TCP connection has closed; wstest grades it. */
    private static void echoUntilClosed(WsClient client, String url) {
        try {
            WsSession s = client.connect(url).timeout(30, TimeUnit.SECONDS).blockingGet();
            s.send(s.receive()).onErrorComplete().subscribe();
            s.onClose().timeout(60, TimeUnit.SECONDS).blockingGet();
        } catch (RuntimeException e) {
            System.out.println(url + " ended with " + e);
        }
    }
}
