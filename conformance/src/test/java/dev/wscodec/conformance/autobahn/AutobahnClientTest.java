package dev.wscodec.conformance.autobahn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.api.WsConfig;
import dev.wscodec.conformance.VertxEchoServer;
import dev.wscodec.vertx.TestPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client role: wstest's {@code fuzzingserver} mode plays the server side of every case and the codec's client
 * engine ({@link EngineEchoClient}, over a plain socket) echoes what it receives, one connection per case.
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
        WsConfig config = WsConfig.builder().maxMessageSize(VertxEchoServer.MAX_MESSAGE)
                .maxFrameSize(VertxEchoServer.MAX_MESSAGE).build();
        int count = Integer.parseInt(EngineEchoClient.onlyText(
                EngineEchoClient.run(port, "/getCaseCount", config)).trim());
        for (int i = 1; i <= count; i++) {
            try {
                EngineEchoClient.run(port, "/runCase?case=" + i + "&agent=" + AGENT, config);
            } catch (IOException | UncheckedIOException e) {
                System.out.println("Case #" + i + " ended with " + e);   // wstest grades it
            }
        }
        EngineEchoClient.run(port, "/updateReports?agent=" + AGENT, config);
        AutobahnReport report = AutobahnReport.read(out, AGENT);
        System.out.printf("Autobahn fuzzingserver with the client engine: %d cases in %d s, %s%n",
                report.cases().size(), (System.nanoTime() - start) / 1_000_000_000L, report.countsBySection());
        ConformanceDoc.update(report);
        assertEquals(count, report.cases().size(), "wstest recorded fewer cases than it ran; see " + out);
        AutobahnRun.assertOk(report, out);
    }

    /** A port for wstest's fuzzing server, which binds it later: see {@link TestPorts}. */
    static int freePort() {
        return TestPorts.free();
    }

    static void awaitListening(int port) throws InterruptedException {
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
