package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client side of a failed connection, and a client that the application no longer refers to. */
@ExtendWith(VertxExtension.class)
class ClientFailureTest {

    /** Reads an HTTP request head from a raw socket. */
    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the client closed during its handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String keyOf(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
                return line.substring(18).trim();
            }
        }
        throw new AssertionError("no key in " + head);
    }

    /** Reads the client's opening handshake and returns the 101 that accepts it. */
    private static byte[] answer101(InputStream in) throws Exception {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptFor(keyOf(readHead(in))) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** RFC 6455 §4.2.2: base64(SHA-1(key + GUID)). */
    private static String acceptFor(String key) throws Exception {
        byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
        return java.util.Base64.getEncoder().encodeToString(sha1);
    }

    @Test
    void clientFailsWith1002AndLeavesClosingTcpToTheServer(Vertx vertx) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
            var pending = client.connect("ws://127.0.0.1:" + listener.getLocalPort() + "/").toFuture();
            try (Socket raw = listener.accept()) {
                raw.setSoTimeout(5000);
                InputStream in = raw.getInputStream();
                OutputStream out = raw.getOutputStream();
                out.write(answer101(in));
                out.flush();
                WsSession session = pending.get(5, TimeUnit.SECONDS);
                TestSubscriber<?> received = session.receive().test();

                // RFC 6455 §5.1: a server must not mask; the client fails the connection with 1002.
                out.write(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x' ^ 1});
                out.flush();
                int b0 = in.read();
                int len = in.read() & 0x7F;
                byte[] maskAndBody = in.readNBytes(4 + len);
                assertEquals(0x88, b0, "a close frame");
                int code = (((maskAndBody[4] ^ maskAndBody[0]) & 0xFF) << 8) | ((maskAndBody[5] ^ maskAndBody[1]) & 0xFF);
                assertEquals(1002, code);

                // RFC 6455 §7.1.1: the client waits for the server to close TCP.
                raw.setSoTimeout(300);
                try {
                    int next = in.read();
                    throw new AssertionError("the client closed TCP first (read returned " + next + ")");
                } catch (SocketTimeoutException expected) {
                    // still open: good
                }
                raw.close();

                CloseStatus status = session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
                assertEquals(1002, status.code());
                received.awaitDone(5, TimeUnit.SECONDS).assertError(e -> e instanceof WsProtocolException p
                        && p.violation() == Violation.MASKED_SERVER_FRAME);
            }
        }
    }

    @Test
    void sessionsKeepTheirClientAliveWhenTheApplicationDropsIt(Vertx vertx) throws Exception {
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(), s -> s.send(s.receive()));
        WsSession session = connectAndForgetClient(vertx, port);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(session.isOpen(), "the session survived the client object being collected");
        assertEquals(TextMessage.of("still here"), session.sendText("still here")
                .andThen(session.receive().firstOrError()).timeout(5, TimeUnit.SECONDS).blockingGet());
        session.close(1000, "").blockingAwait(5, TimeUnit.SECONDS);
    }

    private static WsSession connectAndForgetClient(Vertx vertx, int port) {
        return WsClient.create(vertx, TestSupport.clientOptions().setCloseTimeout(Duration.ofSeconds(2)))
                .connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS).blockingGet();
    }

    @Test
    void framesRightBehindThe101AreAnsweredBeforeAFaultClosesTheConnection(Vertx vertx) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
            var pending = client.connect("ws://127.0.0.1:" + listener.getLocalPort() + "/").toFuture();
            try (Socket raw = listener.accept()) {
                raw.setSoTimeout(5000);
                InputStream in = raw.getInputStream();
                OutputStream out = raw.getOutputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.writeBytes(answer101(in));
                all.writeBytes(new byte[] {(byte) 0x81, 2, 'h', 'i'});             // a valid text frame
                all.writeBytes(new byte[] {(byte) 0xA1, 2, 'h', 'i'});             // RSV2: a protocol error
                out.write(all.toByteArray()); // the 101 and both frames in one write
                out.flush();
                WsSession session = pending.get(5, TimeUnit.SECONDS);
                session.send(session.receive()).onErrorComplete().subscribe();      // echo

                int b0 = in.read();
                int len = in.read() & 0x7F;
                byte[] body = in.readNBytes(4 + len);
                assertEquals(0x81, b0, "the echo comes first");
                assertEquals("hi", new String(new byte[] {(byte) (body[4] ^ body[0]), (byte) (body[5] ^ body[1])},
                        StandardCharsets.ISO_8859_1));
                assertEquals(0x88, in.read(), "then the close frame that fails the connection");
                raw.close();
                assertEquals(1002, session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet().code());
            }
        }
    }

    /**
     * The client engine holds the frames behind the 101 (WsConfig#holdAfterHandshake) wherever the reads split the
     * server's bytes: the session is handed out first and then gets the message and the close, in order, at every
     * split of the 101 and the two frames into two writes.
     */
    @Test
    void framesBehindThe101ReachTheSessionWhereverTheBytesSplit(Vertx vertx) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
            int total = -1;
            for (int at = 0; at != total; at++) {
                var pending = client.connect("ws://127.0.0.1:" + listener.getLocalPort() + "/").toFuture();
                try (Socket raw = listener.accept()) {
                    raw.setSoTimeout(5000);
                    raw.setTcpNoDelay(true);
                    InputStream in = raw.getInputStream();
                    OutputStream out = raw.getOutputStream();
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    all.writeBytes(answer101(in));
                    all.writeBytes(new byte[] {(byte) 0x81, 2, 'h', 'i'});             // text "hi"
                    all.writeBytes(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});    // close 1000
                    byte[] bytes = all.toByteArray();
                    total = bytes.length;
                    out.write(bytes, 0, at);
                    out.flush();
                    out.write(bytes, at, bytes.length - at);
                    out.flush();
                    WsSession session = pending.get(5, TimeUnit.SECONDS);
                    var texts = session.receive().map(m -> ((TextMessage) m).text()).toList()
                            .timeout(5, TimeUnit.SECONDS).blockingGet();
                    assertEquals(java.util.List.of("hi"), texts, "split at " + at);
                    assertEquals(0x88, in.read(), "split at " + at + ": the client answers the close");
                    raw.close(); // the server closes TCP first (RFC 6455 section 7.1.1)
                    assertEquals(1000, session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet().code());
                }
            }
        }
    }
}
