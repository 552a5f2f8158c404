package dev.wscodec.conformance.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients that stall, send garbage or vanish, against the running bridge server; it must keep serving others. */
class HostileClientTest {

    static HostileServer server;

    @BeforeAll
    static void start() {
        server = new HostileServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** Reads until EOF (or a reset) and returns everything read. */
    static byte[] readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // closed by the server with a reset: also an end
        }
        return all.toByteArray();
    }

    @Test
    void slowlorisHandshakesAreDroppedAtTheTimeoutWhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket s = connect();
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            assertEquals("still here", RawClient.healthyEcho(server.port(), "still here"),
                    "a well-behaved client must be served while 1,000 handshakes stall");
            long start = System.nanoTime();
            for (Socket s : slow) {
                assertEquals(0, readToEnd(s).length, "a stalled handshake gets no answer, just a close");
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 15, "the stalled handshakes were closed only after " + seconds + " s");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertTrue(Resources.await(10, () -> server.connections() == 0),
                "connections still counted after the slowloris: " + server.connections());
    }

    @Test
    void garbageInsteadOfAHandshakeIsAnswered400() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            garbage[0] = (byte) (0x80 | garbage[0]);   // never a token char: the request line is malformed
            try (Socket s = connect()) {
                s.getOutputStream().write(garbage);
                String answer = new String(readToEnd(s), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 400 "), "answer to garbage #" + i + ": " + answer);
            }
        }
        assertEquals("ok", RawClient.healthyEcho(server.port(), "ok"));
    }

    @Test
    void garbageAfterTheHandshakeFailsTheConnectionWithACloseFrame() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            try (RawClient c = RawClient.open(server.port(), false)) {
                byte[] garbage = new byte[64 + random.nextInt(1024)];
                random.nextBytes(garbage);
                garbage[0] = (byte) 0x83;   // FIN + reserved opcode 3: RFC 6455 §5.2 says fail with 1002
                c.sendRaw(garbage);
                Object event = c.next();
                assertTrue(event instanceof Close close && close.status().code() == CloseStatus.PROTOCOL_ERROR,
                        "the server's answer to garbage frame #" + i + ": " + event);
                assertEquals(null, c.next(), "the server closes TCP after failing the connection");
            }
        }
    }

    @Test
    void abruptDisconnectsMidHandshakeAndMidFrameLeaveNothingBehind() throws Exception {
        for (int i = 0; i < 100; i++) {
            Socket s = connect();
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes());
            s.setSoLinger(true, 0);   // RST
            s.close();
            try (RawClient c = RawClient.open(server.port(), i % 2 == 0)) {
                // a masked binary frame announcing 1,000 bytes, cut off after 10
                c.sendRaw(new byte[] {(byte) 0x82, (byte) 0xfe, 0x03, (byte) 0xe8, 1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
                c.abort();
            }
        }
        assertTrue(Resources.await(10, () -> server.connections() == 0),
                "connections still counted after abrupt disconnects: " + server.connections());
        assertEquals("after", RawClient.healthyEcho(server.port(), "after"));
    }
}
