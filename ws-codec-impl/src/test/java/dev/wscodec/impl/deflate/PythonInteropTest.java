package dev.wscodec.impl.deflate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.impl.Rfc6455Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * permessage-deflate against Python {@code websockets} over real sockets on 127.0.0.1, compression on both ways.
 * Skipped when {@code /usr/bin/python3} cannot import {@code websockets} (Debian package python3-websockets).
 */
class PythonInteropTest {

    private static final WsConfig DEFLATE = WsConfig.builder().deflate(DeflateConfig.DEFAULT)
            .maxMessageSize(1 << 24).maxFrameSize(1 << 24).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void needPython() {
        assumeTrue(PythonPeer.available(), "/usr/bin/python3 with websockets (apt-get install python3-websockets)");
    }

    /** Echo server: one connection, returns wire byte counts {read, written} of the data phase. */
    private static long[] serveOne(ServerSocket listener) throws IOException {
        try (Socket s = listener.accept(); SocketEngine c = new SocketEngine(Rfc6455Engine.server(DEFLATE), s)) {
            long payload = 0;
            for (WsEvent e; (e = c.next()) != null; ) {
                if (e instanceof WsEvent.UpgradeRequest) {
                    c.write(c.engine.accept(Accept.DEFAULT));
                    c.resetCounters();
                } else if (e instanceof Message m) {
                    payload += m.length();
                    c.write(c.engine.send(m));
                } else if (e instanceof Close) {
                    break; // the engine queued and sent the reply
                }
            }
            return new long[] {c.bytesRead, c.bytesWritten, payload};
        }
    }

    private List<String> pythonClientAgainstJavaServer(String mode, long[] counts) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<long[]> server = CompletableFuture.supplyAsync(() -> {
                try {
                    return serveOne(listener);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Process p = PythonPeer.start(dir, "client.py", PythonPeer.CLIENT,
                    "ws://127.0.0.1:" + listener.getLocalPort() + "/", mode);
            List<String> out = PythonPeer.finish(p);
            long[] c = server.get(60, TimeUnit.SECONDS);
            System.arraycopy(c, 0, counts, 0, 3);
            return out;
        }
    }

    @Test
    void pythonClientWithDefaultOfferAndJavaServerCompressBothWays() throws Exception {
        long[] counts = new long[3];
        List<String> out = pythonClientAgainstJavaServer("default", counts);
        assertEquals(List.of("EXT permessage-deflate", "OK"), out);
        assertTrue(counts[0] < counts[2] / 3, "Python compressed: " + counts[0] + " wire bytes for " + counts[2]);
        assertTrue(counts[1] < counts[2] / 3, "we compressed: " + counts[1] + " wire bytes for " + counts[2]);
    }

    @Test
    void pythonClientAskingASmallServerWindowGetsUncompressedMessagesFromUs() throws Exception {
        long[] counts = new long[3];
        List<String> out = pythonClientAgainstJavaServer("small-window", counts);
        assertEquals(List.of("EXT permessage-deflate; client_no_context_takeover; server_max_window_bits=10", "OK"), out);
        assertTrue(counts[0] < counts[2] / 2, "Python compressed: " + counts[0] + " for " + counts[2]);
        assertTrue(counts[1] > counts[2], "we sent uncompressed: " + counts[1] + " for " + counts[2]);
    }

    private static List<Message> javaMessages() {
        List<Message> list = new ArrayList<>();
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append("word").append((i * 7) % 101).append(' ');
        }
        list.add(TextMessage.of("Hello"));
        list.add(TextMessage.of(""));
        list.add(TextMessage.of("caf\u00e9 \u20ac ".repeat(40)));
        list.add(TextMessage.of(big.toString()));
        byte[] bin = new byte[51_200];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) i;
        }
        list.add(BinaryMessage.of(bin));
        for (int i = 0; i < 40; i++) {
            list.add(TextMessage.of("message " + i + ": " + big.substring(i * 50, i * 50 + 500)));
        }
        return list;
    }

    /** Java client against a Python echo server; returns {read, written, payload} of the data phase. */
    private long[] javaClientAgainstPythonServer(String mode, String expectedExtensions) throws Exception {
        Process p = PythonPeer.start(dir, "server.py", PythonPeer.SERVER, mode);
        try {
            String first = PythonPeer.firstLine(p);
            assertTrue(first != null && first.startsWith("PORT "), "python server said: " + first);
            int port = Integer.parseInt(first.substring(5).trim());
            WsEngine engine = Rfc6455Engine.client(DEFLATE, ClientHandshake.of("127.0.0.1:" + port, "/"));
            try (SocketEngine c = new SocketEngine(engine, new Socket(InetAddress.getLoopbackAddress(), port))) {
                c.write(engine.openingHandshake());
                WsEvent accepted = c.next();
                assertInstanceOf(WsEvent.HandshakeAccepted.class, accepted);
                assertEquals(expectedExtensions, engine.handshake().response().headers().get("Sec-WebSocket-Extensions"));
                c.resetCounters();
                long payload = 0;
                for (Message m : javaMessages()) {
                    c.write(engine.send(m));
                    assertEquals(m, c.next());
                    payload += m.length();
                }
                long[] counts = {c.bytesRead, c.bytesWritten, payload};
                c.write(engine.send(new Close(CloseStatus.of(1000, "done"))));
                assertInstanceOf(Close.class, c.next());
                return counts;
            }
        } finally {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write("\n".getBytes(UTF_8)); // the server exits when its stdin closes
            }
            PythonPeer.finish(p);
        }
    }

    @Test
    void javaClientAndPythonServerWithFullWindowsCompressBothWays() throws Exception {
        long[] c = javaClientAgainstPythonServer("full-window", "permessage-deflate");
        assertTrue(c[0] < c[2] / 3, "Python compressed: " + c[0] + " for " + c[2]);
        assertTrue(c[1] < c[2] / 3, "we compressed: " + c[1] + " for " + c[2]);
    }

    @Test
    void javaClientAgainstPythonDefaultsSendsUncompressedBecauseOfThe12BitWindow() throws Exception {
        // websockets' default server answers server_max_window_bits=12 and client_max_window_bits=12.
        long[] c = javaClientAgainstPythonServer("default",
                "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12");
        assertTrue(c[0] < c[2] / 3, "Python compressed: " + c[0] + " for " + c[2]);
        assertTrue(c[1] > c[2], "we sent uncompressed: " + c[1] + " for " + c[2]);
    }
}
