package dev.wscodec.conformance.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.conformance.VertxEchoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Python {@code websockets} (Debian python3-websockets) as client of our server and as server for our client. */
/* A peer process starts per case: the fuzz replays' 30 s template timeout is too short on a loaded 2-core machine. */
@Timeout(120)
class PythonPeerTest {

    static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void pythonWebsockets() {
        Peers.assumeRuns("Python websockets is not installed (apt-get install python3-websockets)",
                PYTHON, "-c", "import websockets");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate"})
    void pythonClientAgainstVertxServer(String compression) throws Exception {
        try (VertxEchoServer server = Peers.vertxServer(compression.equals("deflate"));
             PeerProcess client = PeerProcess.start(List.of(PYTHON, Peers.resource("python_peer.py").toString(),
                     "client", "ws://127.0.0.1:" + server.port() + "/", compression), Map.of(),
                     "python-client-" + compression)) {
            List<String> lines = client.awaitExit(180);
            Peers.assertAllOk(lines, client.exitCode(), Peers.expectedClientChecks(compression, true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate"})
    void ourClientAgainstPythonServer(String compression) throws Exception {
        try (PeerProcess server = PeerProcess.start(List.of(PYTHON, Peers.resource("python_peer.py").toString(),
                "server", compression), Map.of(), "python-server-" + compression)) {
            int port = server.awaitListening();
            assertEquals(List.of(), OurClientChecks.run("ws://127.0.0.1:" + port + "/", compression.equals("deflate")));
        }
    }
}
