package dev.wscodec.impl.deflate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
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

    @TempDir
    Path dir;

    @BeforeAll
    static void needPython() {
        assumeTrue(PythonPeer.available(), "/usr/bin/python3 with websockets (apt-get install python3-websockets)");
    }

    private List<String> pythonClientAgainstOurServer(String mode, long[] counts) throws Exception {
        try (ServerSocket listener = InteropDriver.listen()) {
            CompletableFuture<long[]> server = InteropDriver.echoServer(listener);
            Process p = PythonPeer.start(dir, "client.py", PythonPeer.CLIENT,
                    "ws://127.0.0.1:" + listener.getLocalPort() + "/", mode);
            List<String> out = PythonPeer.finish(p);
            System.arraycopy(server.get(60, TimeUnit.SECONDS), 0, counts, 0, 3);
            return out;
        }
    }

    @Test
    void pythonClientWithDefaultOfferAndOurServerCompressBothWays() throws Exception {
        long[] counts = new long[3];
        List<String> out = pythonClientAgainstOurServer("default", counts);
        assertEquals(List.of("EXT permessage-deflate", "OK"), out);
        assertTrue(counts[0] < counts[2] / 3, "Python compressed: " + counts[0] + " wire bytes for " + counts[2]);
        assertTrue(counts[1] < counts[2] / 3, "we compressed: " + counts[1] + " wire bytes for " + counts[2]);
    }

    @Test
    void pythonClientAskingASmallServerWindowGetsUncompressedMessagesFromUs() throws Exception {
        long[] counts = new long[3];
        List<String> out = pythonClientAgainstOurServer("small-window", counts);
        assertEquals(List.of("EXT permessage-deflate; client_no_context_takeover; server_max_window_bits=10", "OK"), out);
        assertTrue(counts[0] < counts[2] / 2, "Python compressed: " + counts[0] + " for " + counts[2]);
        assertTrue(counts[1] > counts[2], "we sent uncompressed: " + counts[1] + " for " + counts[2]);
    }

    private long[] ourClientAgainstPythonServer(String mode, String expectedExtensions) throws Exception {
        Process p = PythonPeer.start(dir, "server.py", PythonPeer.SERVER, mode);
        try {
            String first = PythonPeer.firstLine(p);
            assertTrue(first != null && first.startsWith("PORT "), "python server said: " + first);
            return InteropDriver.echoClient(Integer.parseInt(first.substring(5).trim()), expectedExtensions);
        } finally {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write("\n".getBytes(UTF_8)); // the server exits when its stdin closes
            }
            PythonPeer.finish(p);
        }
    }

    @Test
    void ourClientAndPythonServerWithFullWindowsCompressBothWays() throws Exception {
        long[] c = ourClientAgainstPythonServer("full-window", "permessage-deflate");
        assertTrue(c[0] < c[2] / 3, "Python compressed: " + c[0] + " for " + c[2]);
        assertTrue(c[1] < c[2] / 3, "we compressed: " + c[1] + " for " + c[2]);
    }

    @Test
    void ourClientAgainstPythonDefaultsSendsUncompressedBecauseOfThe12BitWindow() throws Exception {
        // websockets' default server answers server_max_window_bits=12 and client_max_window_bits=12.
        long[] c = ourClientAgainstPythonServer("default",
                "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12");
        assertTrue(c[0] < c[2] / 3, "Python compressed: " + c[0] + " for " + c[2]);
        assertTrue(c[1] > c[2], "we sent uncompressed: " + c[1] + " for " + c[2]);
    }
}
