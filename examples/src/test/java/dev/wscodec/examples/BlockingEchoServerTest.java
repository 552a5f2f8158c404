package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Pong;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocking server in this JVM, driven by the project's client engine over real sockets on 127.0.0.1. */
class BlockingEchoServerTest {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private BlockingEchoServer server;

    @BeforeEach
    void start() throws IOException {
        server = new BlockingEchoServer("127.0.0.1", 0, BlockingEchoServer.config(4096, true), 4,
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineClient client() throws IOException {
        EngineClient c = new EngineClient(server.port(), "/", WsConfig.DEFAULT, List.of());
        assertInstanceOf(WsEvent.HandshakeAccepted.class, c.next());
        return c;
    }

    @Test
    void echoesTextAsTextAndBinaryAsBinary() throws IOException {
        try (EngineClient c = client()) {
            c.send(TextMessage.of("Hello, wörld"));
            assertEquals("Hello, wörld", assertInstanceOf(TextMessage.class, c.next()).text());
            byte[] data = {0, 1, 2, (byte) 0xff, (byte) 0x80};
            c.send(BinaryMessage.of(data));
            assertArrayEquals(data, assertInstanceOf(BinaryMessage.class, c.next()).toByteArray());
            String big = "x".repeat(4000);   // 16-bit length on the wire
            c.send(TextMessage.of(big));
            assertEquals(big, assertInstanceOf(TextMessage.class, c.next()).text());
        }
    }

    @Test
    void answersPingWithPongAndClosesCleanly() throws IOException {
        try (EngineClient c = client()) {
            c.send(Ping.of("are you there"));
            Pong pong = assertInstanceOf(Pong.class, c.next());
            assertEquals("are you there", StandardCharsets.UTF_8.decode(pong.data()).toString());
            c.send(Close.of(CloseStatus.NORMAL_CLOSURE, "bye"));
            Close reply = assertInstanceOf(Close.class, c.next());
            assertEquals(CloseStatus.NORMAL_CLOSURE, reply.status().code());
            assertTrue(c.awaitEof(), "the server closes TCP after the close handshake");
        }
    }

    @Test
    void messageOverTheLimitIsRefusedWith1009() throws IOException {
        try (EngineClient c = client()) {
            c.send(BinaryMessage.of(new byte[5000]));   // limit is 4096
            Close close = assertInstanceOf(Close.class, c.next());
            assertEquals(CloseStatus.MESSAGE_TOO_BIG, close.status().code());
        }
    }

    @Test
    void plainHttpRequestGets426() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(readAll(s.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 426 "), response);
            assertTrue(response.contains("\r\nUpgrade: websocket\r\n"), "RFC 9110 15.5.22: " + response);
            assertTrue(response.contains("connect with a WebSocket client"), response);
        }
    }

    @Test
    void shutdownSendsGoingAway() throws IOException {
        try (EngineClient c = client()) {
            Thread closer = new Thread(server::close);
            closer.start();
            Close close = assertInstanceOf(Close.class, c.next());
            assertEquals(CloseStatus.GOING_AWAY, close.status().code());
            assertEquals("server shutting down", close.status().reason());
        }
    }

    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        EngineClient[] open = new EngineClient[4];
        for (int i = 0; i < open.length; i++) {
            open[i] = client();
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String response = new String(readAll(s.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 503 "), response);
        } finally {
            for (EngineClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void frameSentRightBehindTheHandshakeIsEchoed() throws IOException {
        // RFC 6455 §1.3 request and the masked "Hello" of §5.7 in one write: the server decodes it after accept.
        String head = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        byte[] frame = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(head.getBytes(StandardCharsets.US_ASCII));
        req.write(frame);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toByteArray());
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            String text = "";
            while (!text.contains("\r\n\r\n") || got.size() < text.indexOf("\r\n\r\n") + 4 + 7) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
                text = got.toString(StandardCharsets.ISO_8859_1);
            }
            assertTrue(text.startsWith("HTTP/1.1 101 "), text);
            assertTrue(text.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), text);
            String tail = text.substring(text.indexOf("\r\n\r\n") + 4);
            assertEquals("\u0081\u0005Hello", tail, "the server's unmasked echo of the pipelined frame");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
