package dev.wscodec.conformance.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.conformance.VertxEchoServer;
import dev.wscodec.vertx.WsServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** What the peer tests share: where the peers are, our echo server for them, and how their output is judged. */
final class Peers {

    /** 64 MiB: room for the 16 MiB messages of the checks, whatever their UTF-8 length. */
    static final int LIMIT = 64 * 1024 * 1024;

    private Peers() {
    }

    static Path resource(String name) {
        Path p = Path.of("src", "test", "resources", "peers", name);
        assertTrue(Files.exists(p), "Missing " + p.toAbsolutePath());
        return p.toAbsolutePath();
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath();
    }

    /** Skips (with the reason printed) unless {@code command} runs and exits 0. */
    static void assumeRuns(String why, String... command) {
        String reason;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            reason = why + " (" + String.join(" ", command) + " said: " + out.trim() + ")";
        } catch (IOException | InterruptedException e) {
            reason = why + " (" + e.getMessage() + ")";
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** The codec's server config for peers: 64 MiB, subprotocol "chat", optionally permessage-deflate. */
    static WsConfig serverConfig(boolean deflate) {
        return WsConfig.builder().maxMessageSize(LIMIT).maxFrameSize(LIMIT).subprotocols("chat")
                .deflate(deflate ? DeflateConfig.DEFAULT : null).build();
    }

    static VertxEchoServer vertxServer(boolean deflate) {
        WsServerOptions o = VertxEchoServer.options("127.0.0.1", 0)
                .setMaxQueuedOutboundBytes(2 * LIMIT)
                .setCodecConfig(serverConfig(deflate));
        o.setPingInterval(Duration.ZERO);
        return VertxEchoServer.start(o);
    }

    /** Asserts that a peer client passed all its checks: every line "OK ...", the expected ones present, exit 0. */
    static void assertAllOk(List<String> lines, int exitCode, List<String> expected) {
        List<String> failed = lines.stream().filter(l -> !l.startsWith("OK ")).toList();
        assertEquals(List.of(), failed, "Checks the peer reported as failed (all output: " + lines + ")");
        List<String> missing = expected.stream().filter(e -> !lines.contains("OK " + e)).toList();
        assertEquals(List.of(), missing, "Checks the peer never reached (all output: " + lines + ")");
        assertEquals(0, exitCode, "The peer client's exit code; output: " + lines);
    }

    /** The checks every peer client script runs. */
    static List<String> expectedClientChecks(String compression, boolean binaryFragments) {
        List<String> names = new java.util.ArrayList<>(List.of("subprotocol", "compression-" + compression,
                "fragmented-text", "ping-pong", "close-code"));
        if (binaryFragments) {
            names.add("fragmented-binary");
        }
        for (int n : new int[] {0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20}) {
            names.add("text-" + n);
            names.add("binary-" + n);
        }
        return names;
    }
}
