package dev.wscodec.impl.deflate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * permessage-deflate against Node's {@code ws} (ci-node/node_modules, installed by .ci/run with npm ci) over real
 * sockets on 127.0.0.1. Skipped when {@code node} or the {@code ws} module is missing.
 */
class NodeInteropTest {

    private static final String CLIENT = """
            const WebSocket = require('ws');
            const [url, mode] = process.argv.slice(2);
            const deflate = mode === 'small-window'
                ? { serverMaxWindowBits: 10, clientNoContextTakeover: true, threshold: 0 } : { threshold: 0 };
            const big = Array.from({ length: 20000 }, (_, i) => 'word' + ((i * 7) % 101)).join(' ');
            const msgs = ['Hello', '', 'caf\\u00e9 \\u20ac '.repeat(40), big, Buffer.alloc(51200, 7)];
            for (let i = 0; i < 40; i++) msgs.push('message ' + i + ': ' + big.substring(i * 50, i * 50 + 500));
            const ws = new WebSocket(url, { perMessageDeflate: deflate, maxPayload: 1 << 24 });
            let i = 0;
            const next = () => {
              if (i === msgs.length) { console.log('OK'); ws.close(1000); return; }
              ws.send(msgs[i]);
            };
            ws.on('upgrade', res => console.log('EXT ' + res.headers['sec-websocket-extensions']));
            ws.on('open', next);
            ws.on('message', (data, isBinary) => {
              const m = msgs[i];
              const expected = Buffer.isBuffer(m) ? m : Buffer.from(m);
              if (isBinary !== Buffer.isBuffer(m) || !expected.equals(data)) { console.log('MISMATCH ' + i); process.exit(2); }
              i++;
              next();
            });
            ws.on('error', e => { console.log('ERROR ' + e.message); process.exit(3); });
            """;

    private static final String SERVER = """
            const { WebSocketServer } = require('ws');
            const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 24,
                                              perMessageDeflate: { threshold: 0 } });
            wss.on('listening', () => console.log('PORT ' + wss.address().port));
            wss.on('connection', ws => ws.on('message', (d, isBinary) => ws.send(d, { binary: isBinary })));
            process.stdin.on('end', () => process.exit(0));
            process.stdin.resume();
            """;

    private static Path modules;

    @TempDir
    Path dir;

    @BeforeAll
    static void needNode() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null && modules == null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("ci-node/node_modules/ws"))) {
                modules = p.resolve("ci-node/node_modules");
            }
        }
        assumeTrue(modules != null && Files.isExecutable(Path.of("/usr/bin/node")),
                "node and ci-node/node_modules/ws (npm ci in ci-node)");
    }

    private Process start(String script, String... args) throws IOException {
        Path file = dir.resolve("peer.js");
        Files.writeString(file, script);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/node", file.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", modules.toString());
        return pb.start();
    }

    private List<String> nodeClientAgainstOurServer(String mode, long[] counts) throws Exception {
        try (ServerSocket listener = InteropDriver.listen()) {
            CompletableFuture<long[]> server = InteropDriver.echoServer(listener);
            List<String> out = PythonPeer.finish(start(CLIENT, "ws://127.0.0.1:" + listener.getLocalPort() + "/", mode));
            System.arraycopy(server.get(60, TimeUnit.SECONDS), 0, counts, 0, 3);
            return out;
        }
    }

    @Test
    void nodeClientAndOurServerCompressBothWays() throws Exception {
        long[] c = new long[3];
        assertEquals(List.of("EXT permessage-deflate", "OK"), nodeClientAgainstOurServer("default", c));
        assertTrue(c[0] < c[2] / 3, "Node compressed: " + c[0] + " wire bytes for " + c[2]);
        assertTrue(c[1] < c[2] / 3, "we compressed: " + c[1] + " wire bytes for " + c[2]);
    }

    @Test
    void nodeClientAskingASmallServerWindowGetsUncompressedMessagesFromUs() throws Exception {
        long[] c = new long[3];
        assertEquals(List.of("EXT permessage-deflate; client_no_context_takeover; server_max_window_bits=10", "OK"),
                nodeClientAgainstOurServer("small-window", c));
        assertTrue(c[0] < c[2] / 2, "Node compressed: " + c[0] + " for " + c[2]);
        assertTrue(c[1] > c[2], "we sent uncompressed: " + c[1] + " for " + c[2]);
    }

    @Test
    void ourClientAndNodeServerCompressBothWays() throws Exception {
        Process p = start(SERVER);
        try {
            String first = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("PORT "), "node server said: " + first);
            long[] c = InteropDriver.echoClient(Integer.parseInt(first.substring(5).trim()), "permessage-deflate");
            assertTrue(c[0] < c[2] / 3, "Node compressed: " + c[0] + " for " + c[2]);
            assertTrue(c[1] < c[2] / 3, "we compressed: " + c[1] + " for " + c[2]);
        } finally {
            p.getOutputStream().close(); // the server exits when its stdin closes
            PythonPeer.finish(p);
        }
    }
}
