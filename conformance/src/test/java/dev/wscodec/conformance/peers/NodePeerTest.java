package dev.wscodec.conformance.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.api.WsConfig;
import dev.wscodec.examples.BlockingEchoServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node {@code ws} (pinned in ci-node/package.json, installed by .ci/run) as client of the blocking-socket example
 * server and as server for our client.
 */
/* A peer process starts per case: the fuzz replays' 30 s template timeout is too short on a loaded 2-core machine. */
@Timeout(120)
class NodePeerTest {

    static Path nodeModules;

    @BeforeAll
    static void nodeWs() {
        nodeModules = Peers.projectRoot().resolve("ci-node").resolve("node_modules");
        Peers.assumeRuns("Node.js is not installed", "node", "--version");
        if (!Files.isDirectory(nodeModules.resolve("ws"))) {
            Peers.assumeRuns("Node ws is not installed in " + nodeModules + " (cd ci-node && npm ci)",
                    "test", "-d", nodeModules.resolve("ws").toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate"})
    void nodeClientAgainstBlockingServer(String compression) throws Exception {
        WsConfig config = Peers.serverConfig(compression.equals("deflate"));
        try (BlockingEchoServer server = new BlockingEchoServer("127.0.0.1", 0, config, 16,
                new PrintStream(PrintStream.nullOutputStream()));
             PeerProcess client = PeerProcess.start(List.of("node", Peers.resource("node_peer.js").toString(),
                     "client", "ws://127.0.0.1:" + server.port() + "/", compression),
                     Map.of("NODE_PATH", nodeModules.toString()), "node-client-" + compression)) {
            List<String> lines = client.awaitExit(180);
            Peers.assertAllOk(lines, client.exitCode(), Peers.expectedClientChecks(compression, false));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate"})
    void ourClientAgainstNodeServer(String compression) throws Exception {
        try (PeerProcess server = PeerProcess.start(List.of("node", Peers.resource("node_peer.js").toString(),
                "server", compression), Map.of("NODE_PATH", nodeModules.toString()), "node-server-" + compression)) {
            int port = server.awaitListening();
            assertEquals(List.of(), OurClientChecks.run("ws://127.0.0.1:" + port + "/", compression.equals("deflate")));
        }
    }
}
