package dev.wscodec.conformance.autobahn;

import dev.wscodec.conformance.VertxEchoServer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Autobahn sections 1-7, 9, 10 against the Vert.x bridge's echo server. */
class AutobahnVertxServerTest {

    static final String AGENT = "wscodec-vertx-echo";

    /**
     * Known deviation of the bridge (reported; see docs/CONFORMANCE.md): when a valid message and a protocol
     * violation arrive in one read, the bridge fails the connection before the application's echo of the valid
     * message is written, so Autobahn grades "fail fast" NON-STRICT. Whether both land in one read varies from run
     * to run, so every case of that shape is listed (a valid message, then a reserved RSV bit, reserved opcode or
     * stray continuation). Any other non-OK result, and FAILED on these, fails this test.
     */
    static final Set<String> KNOWN_NON_STRICT = Set.of("3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3",
            "4.2.4", "4.2.5", "5.15");

    @Test
    void everyCaseIsOk() throws Exception {
        AutobahnRun.skipIfAsked();
        try (VertxEchoServer server = VertxEchoServer.start("127.0.0.1", 0)) {
            AutobahnRun.fuzzServer(AGENT, "ws://127.0.0.1:" + server.port(), KNOWN_NON_STRICT);
        }
    }
}
