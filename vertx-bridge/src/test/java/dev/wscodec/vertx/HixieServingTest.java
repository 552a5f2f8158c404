package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.connection.Connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsUsageException;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that enables the legacy provider {@code hixie-76} (module ws-codec-hixie) next to RFC 6455 serves both
 * on one port over real sockets; a server that does not keeps answering 426.
 */
@ExtendWith(VertxExtension.class)
class HixieServingTest {

    private static final WsHandler ECHO = session -> session.send(session.receive());
    /** The worked example of draft-hixie-76 section 1.3, with Host and path changed for this server. */
    private static final String HIXIE_HEAD = "GET /demo HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
            + "Origin: http://example.com\r\n"
            + "\r\n";

    private static WsServerOptions both() {
        return TestSupport.serverOptions().setOtherProviders(List.of("hixie-76"));
    }

    @Test
    void bothProtocolsOnOnePort(Vertx vertx) throws Exception {
        int port = TestSupport.deploy(vertx, both(), ECHO);
        String url = "ws://127.0.0.1:" + port + "/echo";
        WsClient hixie = WsClient.create(vertx, TestSupport.clientOptions().setProviderName("hixie-76"));
        WsClient rfc = WsClient.create(vertx, TestSupport.clientOptions());
        WsSession old = hixie.connect(url, List.of(), HttpHeaders.of("Origin", "http://localhost"))
                .timeout(5, TimeUnit.SECONDS).blockingGet();
        WsSession modern = rfc.connect(url).timeout(5, TimeUnit.SECONDS).blockingGet();
        old.sendText("from hixie ✓").andThen(old.receive().firstOrError()).map(m -> ((TextMessage) m).text())
                .test().awaitDone(5, TimeUnit.SECONDS).assertValue("from hixie ✓");
        modern.sendText("from rfc").andThen(modern.receive().firstOrError()).map(m -> ((TextMessage) m).text())
                .test().awaitDone(5, TimeUnit.SECONDS).assertValue("from rfc");
        old.close(1000, "").timeout(5, TimeUnit.SECONDS).blockingAwait();
        modern.close(1000, "").timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void theDraftsExampleOverARealSocketAndTheClosingHandshake(Vertx vertx) throws Exception {
        int port = TestSupport.deploy(vertx, both(), ECHO);
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii(HIXIE_HEAD);
            raw.writeAscii("^n:ds"); // the eight bytes in two pieces
            raw.writeAscii("[4U");
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 101 WebSocket Protocol Handshake\r\n"), head);
            assertTrue(head.contains("\r\nSec-WebSocket-Location: ws://127.0.0.1/demo\r\n"), head);
            assertEquals("8jKS'y:G*Co,Wxa-", new String(raw.in.readNBytes(16), java.nio.charset.StandardCharsets.ISO_8859_1));
            raw.writeRaw(new byte[] {0x00, 'h', 'i', (byte) 0xFF});
            assertArrayEquals(new byte[] {0x00, 'h', 'i', (byte) 0xFF}, raw.in.readNBytes(4));
            raw.writeRaw(new byte[] {(byte) 0xFF, 0x00});
            assertArrayEquals(new byte[] {(byte) 0xFF, 0x00}, raw.in.readAllBytes()); // answered, then closed
        }
    }

    @Test
    void withoutTheLegacyProviderAHixieRequestGets426(Vertx vertx) throws Exception {
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(), ECHO);
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii(HIXIE_HEAD + "^n:ds[4U");
            String answer = new String(raw.in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), answer);
            assertTrue(answer.contains("Sec-WebSocket-Version"), answer);
        }
    }

    @Test
    void binaryCannotBeSentToAHixiePeer(Vertx vertx) throws Exception {
        int port = TestSupport.deploy(vertx, both(), session -> session.sendBinary(new byte[] {1})
                .onErrorResumeNext(e -> session.sendText(e.getClass().getSimpleName() + ": " + e.getMessage()))
                .andThen(session.receive().ignoreElements())); // open until the client closes
        WsClient hixie = WsClient.create(vertx, TestSupport.clientOptions().setProviderName("hixie-76"));
        WsSession s = hixie.connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS).blockingGet();
        String text = s.receive().firstOrError().map(m -> ((TextMessage) m).text())
                .timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals("WsUsageException: A binary message cannot be sent with draft-hixie-76 (or -75): the protocol "
                + "has text frames only. Send text, or use an RFC 6455 connection.", text);
        Throwable e = TestSupport.errorOf(s.sendBinary(new byte[] {2}).toSingleDefault(""));
        assertInstanceOf(WsUsageException.class, e);
        s.close(1000, "").timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    /** Keep-alive every 20 ms with a 100 ms pong timeout: a hixie peer gets no ping and is not dropped. */
    @Test
    void keepAliveNeverPingsAHixiePeer(Vertx vertx) throws Exception {
        WsServerOptions options = both().setPingInterval(Duration.ofMillis(20)).setPongTimeout(Duration.ofMillis(100));
        int port = TestSupport.deploy(vertx, options, ECHO);
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii(HIXIE_HEAD + "^n:ds[4U");
            raw.readHead();
            raw.in.readNBytes(16);
            Thread.sleep(400); // twenty ping intervals, four pong timeouts
            raw.writeRaw(new byte[] {0x00, 'o', 'k', (byte) 0xFF});
            raw.writeRaw(new byte[] {(byte) 0xFF, 0x00});
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(raw.in.readAllBytes());
            // Only the echo and the answer to the closing frame: no ping bytes, and the connection was still open.
            assertArrayEquals(new byte[] {0x00, 'o', 'k', (byte) 0xFF, (byte) 0xFF, 0x00}, all.toByteArray());
        }
    }

    @Test
    void theHandshakeTimeoutCoversTheEightKeyBytes(Vertx vertx) throws Exception {
        int port = TestSupport.deploy(vertx, both().setHandshakeTimeout(Duration.ofMillis(300)), ECHO);
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii(HIXIE_HEAD + "^n:d"); // four of the eight bytes, then silence
            String answer = new String(raw.in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(answer.startsWith("HTTP/1.1 101"), answer); // closed by the handshake timeout, never opened
        }
    }

    /**
     * Bytes that cannot begin an HTTP request (a TLS ClientHello sent to a plain port, binary junk) are refused at
     * once, as by a server without hixie-76, not when the handshake timeout (30 s here) ends a wait for the end of a
     * head that never comes. The bound of 5 s is the socket's read timeout: the answer must come long before 30 s.
     */
    @Test
    void junkIsRefusedAtOnceNotAtTheHandshakeTimeout(Vertx vertx) throws Exception {
        Duration timeout = Duration.ofSeconds(30);
        int port = TestSupport.deploy(vertx, both().setHandshakeTimeout(timeout), ECHO);
        int alonePort = TestSupport.deploy(vertx, TestSupport.serverOptions().setHandshakeTimeout(timeout), ECHO);
        byte[] clientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC, 0x03, 0x03, 0x5A, 0x1B};
        byte[] junk = {0x00, (byte) 0xFF, 0x13, 0x37, 0x00, 0x00};
        for (byte[] bytes : List.of(clientHello, junk)) {
            String alone = answerWithin5s(alonePort, bytes);
            assertTrue(alone.startsWith("HTTP/1.1 400 Bad Request\r\n"), alone);
            assertEquals(alone, answerWithin5s(port, bytes));
        }
    }

    /** Sends {@code bytes} and returns all the server answers before closing; fails if that takes 5 s or more. */
    private static String answerWithin5s(int port, byte[] bytes) throws Exception {
        long start = System.nanoTime();
        try (RawClient raw = new RawClient(port)) {
            raw.socket.setSoTimeout(5_000); // SocketTimeoutException if the server waits for more
            raw.writeRaw(bytes);
            String answer = new String(raw.in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered long before 30 s");
            return answer;
        }
    }

    @Test
    void overTlsTheLocationIsWss(Vertx vertx) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        WsServerOptions options = both().setNetServerOptions(new NetServerOptions().setSsl(true)
                .setKeyCertOptions(cert.keyCertOptions()));
        int port = TestSupport.deploy(vertx, options, ECHO);
        WsClient hixie = WsClient.create(vertx, TestSupport.clientOptions().setProviderName("hixie-76")
                .setTrustOptions(cert.trustOptions()));
        WsSession s = hixie.connect("wss://localhost:" + port + "/secure").timeout(10, TimeUnit.SECONDS).blockingGet();
        assertEquals("wss://localhost:" + port + "/secure",
                s.handshake().response().headers().get("Sec-WebSocket-Location"));
        s.sendText("over tls").andThen(s.receive().firstOrError()).map(m -> ((TextMessage) m).text())
                .test().awaitDone(10, TimeUnit.SECONDS).assertValue("over tls");
        s.close(1000, "").timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void invalidUtf8FromAHixiePeerClosesTcpWithoutAFrame(Vertx vertx) throws Exception {
        java.util.concurrent.CompletableFuture<dev.wscodec.api.CloseStatus> status = new java.util.concurrent.CompletableFuture<>();
        int port = TestSupport.deploy(vertx, both(), session -> {
            session.onClose().subscribe(status::complete, status::completeExceptionally);
            return session.send(session.receive());
        });
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii(HIXIE_HEAD + "^n:ds[4U");
            raw.readHead();
            raw.in.readNBytes(16);
            raw.writeRaw(new byte[] {0x00, 'a', (byte) 0xC3, 0x28, (byte) 0xFF});
            assertArrayEquals(new byte[0], raw.in.readAllBytes()); // no close frame: draft-76 cannot say why
        }
        assertEquals(dev.wscodec.api.CloseStatus.INVALID_PAYLOAD_DATA, status.get(10, TimeUnit.SECONDS).code());
    }
}
