package dev.wscodec.conformance.autobahn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.conformance.VertxEchoServer;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client role: wstest's {@code fuzzingserver} mode plays the server side of every case and the Vert.x bridge's
 * {@link WsClient} (the codec's client engine) echoes what it receives, one connection per case.
 */
class AutobahnClientTest {

    static final String AGENT = "wscodec-client";

    @Test
    void everyCaseIsOk() throws Exception {
        AutobahnRun.skipIfAsked();
        int port = freePort();
        Path out = Path.of("target", "autobahn", AGENT);
        long start = System.nanoTime();
        Wstest.fuzzingServer(port, AutobahnRun.ALL_CASES, List.of(), out);
        awaitListening(port);
        Vertx vertx = Vertx.vertx();
        WsClient client = WsClient.create(vertx, new WsClientOptions()
                .setPingInterval(Duration.ZERO)
                .setMaxQueuedOutboundBytes(4 * VertxEchoServer.MAX_MESSAGE)
                .setCodecConfig(WsConfig.builder().maxMessageSize(VertxEchoServer.MAX_MESSAGE)
                        .maxFrameSize(VertxEchoServer.MAX_MESSAGE).build()));
        try {
            String base = "ws://127.0.0.1:" + port;
            int count = caseCount(client, base);
            assertTrue(count >= AutobahnRun.MIN_CASES, "wstest offers only " + count + " cases.");
            for (int i = 1; i <= count; i++) {
                runCase(client, base + "/runCase?case=" + i + "&agent=" + AGENT);
            }
            WsSession update = client.connect(base + "/updateReports?agent=" + AGENT).blockingGet();
            update.receive().ignoreElements().onErrorComplete().blockingAwait(60, TimeUnit.SECONDS);
            update.onClose().blockingGet();
        } finally {
            client.close().await();
            vertx.close().await();
        }
        AutobahnReport report = AutobahnReport.read(out, AGENT);
        System.out.printf("Autobahn fuzzingserver with the bridge client: %d cases in %d s, %s%n",
                report.cases().size(), (System.nanoTime() - start) / 1_000_000_000L, report.countsBySection());
        ConformanceDoc.update(report);
        AutobahnRun.assertOk(report, out);
    }

    private static int caseCount(WsClient client, String base) {
        WsSession s = client.connect(base + "/getCaseCount").blockingGet();
        Message m = s.receive().firstOrError().blockingGet();
        s.onClose().blockingGet();
        return Integer.parseInt(((TextMessage) m).text().trim());
    }

    /** Echoes every message of one case until the connection ends; protocol errors are the case's business. */
    private static void runCase(WsClient client, String url) {
        try {
            WsSession s = client.connect(url).blockingGet();
            s.send(s.receive()).onErrorComplete().blockingAwait(120, TimeUnit.SECONDS);
            CloseStatus status = s.onClose().timeout(30, TimeUnit.SECONDS).blockingGet();
            if (status == null) {
                throw new IllegalStateException("no close status");
            }
        } catch (RuntimeException e) {
            System.out.println("Case " + url + " ended with " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("wstest's fuzzing server did not listen on port " + port + " within 60 s.");
    }
}
