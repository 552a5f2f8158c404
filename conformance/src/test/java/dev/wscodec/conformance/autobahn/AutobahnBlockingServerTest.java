package dev.wscodec.conformance.autobahn;

import dev.wscodec.examples.BlockingEchoServer;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Autobahn sections 1-7, 9, 10 against the codec over java.net.ServerSocket (examples' BlockingEchoServer). */
class AutobahnBlockingServerTest {

    static final String AGENT = "wscodec-blocking-echo";

    @Test
    void everyCaseIsOk() throws Exception {
        AutobahnRun.skipIfAsked();
        Path log = Path.of("target", "autobahn", AGENT + "-server.log");
        Files.createDirectories(log.getParent());
        try (PrintStream serverLog = new PrintStream(new FileOutputStream(log.toFile()), true);
             BlockingEchoServer server = new BlockingEchoServer("127.0.0.1", 0,
                     BlockingEchoServer.config(16 * 1024 * 1024, false), 64, serverLog)) {
            AutobahnRun.fuzzServer(AGENT, "ws://127.0.0.1:" + server.port());
        }
    }
}
