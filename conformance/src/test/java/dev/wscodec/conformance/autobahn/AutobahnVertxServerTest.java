package dev.wscodec.conformance.autobahn;

import dev.wscodec.conformance.VertxEchoServer;
import org.junit.jupiter.api.Test;

/** Autobahn sections 1-7, 9, 10 against the Vert.x bridge's echo server. */
class AutobahnVertxServerTest {

    static final String AGENT = "wscodec-vertx-echo";

    @Test
    void everyCaseIsOk() throws Exception {
        AutobahnRun.skipIfAsked();
        try (VertxEchoServer server = VertxEchoServer.start("127.0.0.1", 0)) {
            AutobahnRun.fuzzServer(AGENT, "ws://127.0.0.1:" + server.port());
        }
    }
}
