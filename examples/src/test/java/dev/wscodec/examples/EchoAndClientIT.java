package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jar's {@code echo} and {@code client} commands as processes, over real sockets on 127.0.0.1. */
class EchoAndClientIT {

    private static JarProcess echo;
    private static int port;

    @BeforeAll
    static void startEcho() throws Exception {
        echo = JarProcess.start("echo", "--port", "0", "--max-message", "100000", "--instances", "2", "--host", "127.0.0.1");
        port = Integer.parseInt(echo.awaitLine("Echo server on ws://127\\.0\\.0\\.1:(\\d+)/, any path, 2 instance"
                + ".*max message 100000 bytes, subprotocols none, permessage-deflate on", 30).group(1));
    }

    @AfterAll
    static void stopEcho() throws Exception {
        echo.close();
    }

    @Test
    void cliClientSendsStdinLinesAndPrintsTheEchoes() throws Exception {
        try (JarProcess client = JarProcess.start("client", "ws://127.0.0.1:" + port + "/anything")) {
            client.awaitLine("^\\[err\\] Connected to ws://127.0.0.1:" + port + "/anything \\(subprotocol: none, "
                    + "extensions: \\[permessage-deflate.*\\]\\)", 30);
            OutputStream stdin = client.stdin();
            stdin.write("hello\nGrüße, 世界\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            client.awaitLine("^< hello$", 10);
            client.awaitLine("^< Grüße, 世界$", 10);
            stdin.close();                                   // end of input: close 1000, exit 0
            client.awaitLine("^\\[err\\] Closed: 1000", 10);
            assertEquals(0, client.awaitExit(15), client.transcript());
        }
    }

    @Test
    void cliClientWithoutDeflateSendsHeadersAndReportsARefusal() throws Exception {
        try (JarProcess client = JarProcess.start("client", "ws://127.0.0.1:" + port + "/", "--no-deflate",
                "--header", "X-Demo: 1", "--subprotocol", "chat")) {
            client.awaitLine("Connected to .*\\(subprotocol: none, extensions: none\\)", 30);
            client.stdin().close();
            assertEquals(0, client.awaitExit(15), client.transcript());
        }
        try (JarProcess client = JarProcess.start("client", "ws://127.0.0.1:1/")) {
            client.awaitLine("^\\[err\\] Cannot connect to ws://127.0.0.1:1/: ", 30);
            assertEquals(1, client.awaitExit(15), client.transcript());
        }
    }

    @Test
    void jdkClientGetsTextAsTextAndBinaryAsBinary() throws Exception {
        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/echo")) {
            c.sendText("text stays text");
            assertEquals("text stays text", c.next());
            byte[] data = new byte[70_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            c.sendBinary(data);
            assertArrayEquals(data, (byte[]) c.next());
        }
    }

    @Test
    void messageOverMaxMessageIsClosedWith1009() throws Exception {
        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/")) {
            c.sendBinary(new byte[100_001]);
            Object o = c.next();
            assertTrue(o instanceof JdkClient.Closed closed && closed.code() == 1009, "got " + o);
        }
    }

    @Test
    void theStartupLineShowsTheAddressAndPortActuallyBound() throws Exception {
        try (JarProcess other = JarProcess.start("echo", "--host", "127.0.0.2", "--port", "0", "--no-deflate")) {
            int bound = Integer.parseInt(other.awaitLine("^Echo server on ws://127\\.0\\.0\\.2:(\\d+)/, any path, ", 30)
                    .group(1));
            assertTrue(bound > 0, "the real port, not 0");
            try (JdkClient c = JdkClient.connect("ws://127.0.0.2:" + bound + "/")) {
                c.sendText("on 127.0.0.2");
                assertEquals("on 127.0.0.2", c.next());
            }
        }
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        try (JarProcess help = JarProcess.start("--help")) {
            help.awaitLine("^Usage: java -jar wscodec-examples.jar \\[COMMAND\\] \\[OPTIONS\\]$", 30);
            help.awaitLine("^  blocking  The codec alone over java.net.ServerSocket", 5);
            assertEquals(0, help.awaitExit(15));
        }
        try (JarProcess bad = JarProcess.start("echo", "--port", "70000")) {
            bad.awaitLine("^\\[err\\] The value of --port must be between 0 and 65535 but was 70000\\.$", 30);
            assertEquals(2, bad.awaitExit(15));
        }
        try (JarProcess help = JarProcess.start("chat", "--help")) {
            help.awaitLine("^Usage: java -jar wscodec-examples.jar chat \\[OPTIONS\\]$", 30);
            help.awaitLine("^  --help ", 5);
            assertEquals(0, help.awaitExit(15));
            assertFalse(help.transcript().contains("--interval"), help.transcript());
        }
        try (JarProcess bad = JarProcess.start("echo", "9706")) {
            bad.awaitLine("^\\[err\\] The echo command takes no arguments but was given '9706'; "
                    + "did you mean --port 9706\\?$", 30);
            assertEquals(2, bad.awaitExit(15));
        }
        try (JarProcess bad = JarProcess.start("frobnicate")) {
            bad.awaitLine("^\\[err\\] Unknown command 'frobnicate'\\.", 30);
            assertEquals(2, bad.awaitExit(15));
        }
    }
}
