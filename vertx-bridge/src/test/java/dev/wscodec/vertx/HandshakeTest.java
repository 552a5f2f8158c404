package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The opening handshake: the accept hook, plain HTTP, timeouts, the connection limit, client URL checks. */
@ExtendWith(VertxExtension.class)
class HandshakeTest {

    /** Routes by path and authenticates by header, asynchronously. */
    private static final WsAcceptHook HOOK = request -> {
        switch (request.path()) {
            case "/open":
                return Single.just(WsDecision.accept("v1", HttpHeaders.of("X-Session", "42")));
            case "/private":
                String auth = request.headers().get("Authorization");
                return Single.timer(20, TimeUnit.MILLISECONDS).map(t -> "Bearer good".equals(auth)
                        ? WsDecision.accept()
                        : WsDecision.reject(401, HttpHeaders.of("WWW-Authenticate", "Bearer")));
            case "/admin":
                return Single.just(WsDecision.reject(403));
            case "/boom":
                return Single.error(new IllegalStateException("hook failure"));
            case "/never":
                return Single.never();
            default:
                return Single.just(WsDecision.reject(404));
        }
    };

    private Vertx vertx;
    private int port;
    private WsClient client;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        WsServerOptions options = TestSupport.serverOptions().setHandshakeTimeout(Duration.ofMillis(500));
        port = TestSupport.deploy(vertx, options, HOOK, session -> session.sendText("hi").andThen(session.close()),
                1);
        client = WsClient.create(vertx, TestSupport.clientOptions());
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    private Throwable connectError(String path, HttpHeaders headers) {
        return TestSupport.errorOf(client.connect(url(path), List.of(), headers));
    }

    @Test
    void acceptHookChoosesSubprotocolAndAddsHeaders() {
        WsSession s = client.connect(url("/open"), List.of("v0", "v1"), HttpHeaders.EMPTY)
                .timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals("v1", s.subprotocol());
        assertEquals("42", s.handshake().response().headers().get("X-Session"));
        assertEquals("/open", s.request().path());
    }

    @Test
    void acceptHookRejectsWith401And403AndTheClientSeesTheStatus() {
        WsHandshakeRejectedException unauthorized = assertInstanceOf(WsHandshakeRejectedException.class,
                connectError("/private", HttpHeaders.of("Authorization", "Bearer bad")));
        assertEquals(401, unauthorized.status());
        assertEquals("Bearer", unauthorized.response().headers().get("WWW-Authenticate"));
        WsHandshakeRejectedException forbidden = assertInstanceOf(WsHandshakeRejectedException.class,
                connectError("/admin", HttpHeaders.EMPTY));
        assertEquals(403, forbidden.status());
        assertEquals("The server rejected the WebSocket handshake with HTTP status 403 Forbidden.",
                forbidden.getMessage());
        assertEquals(404, ((WsHandshakeRejectedException) connectError("/nothing", HttpHeaders.EMPTY)).status());
        WsSession ok = client.connect(url("/private"), List.of(), HttpHeaders.of("Authorization", "Bearer good"))
                .timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals("hi", ((dev.wscodec.api.TextMessage) ok.receive().blockingFirst()).text());
    }

    @Test
    void framesSentWithTheHandshakeWaitForTheAsyncDecisionAndArrive() throws Exception {
        int p = TestSupport.deploy(vertx, TestSupport.serverOptions(),
                request -> Single.timer(100, TimeUnit.MILLISECONDS).map(t -> WsDecision.accept()),
                session -> session.send(session.receive()), 1);
        try (RawClient raw = new RawClient(p)) {
            byte[] head = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + RawClient.KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] frame = RawClient.frame(true, 0x1, "early".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] both = java.util.Arrays.copyOf(head, head.length + frame.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            raw.out.write(both); // one write: the frame is pipelined behind the upgrade request
            raw.out.flush();
            assertTrue(raw.readHead().startsWith("HTTP/1.1 101 "));
            RawClient.Frame echo = raw.readFrame();
            assertEquals(0x1, echo.opcode());
            assertEquals("early", new String(echo.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFailingHookAnswers500() {
        assertEquals(500, ((WsHandshakeRejectedException) connectError("/boom", HttpHeaders.EMPTY)).status());
    }

    @Test
    void plainHttpGets426ByDefault() throws Exception {
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), head);
            assertTrue(head.contains("Sec-WebSocket-Version: 13\r\n"), head);
            assertTrue(raw.awaitEndOfStream());
        }
    }

    @Test
    void aPlainHttpHandlerServesAPageOnTheSamePort() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setPlainHttpHandler(request -> Single.just(
                HttpResponse.of(200, HttpHeaders.EMPTY, "text/plain", "page for " + request.path())));
        int p = TestSupport.deploy(vertx, options, session -> Completable.complete());
        try (RawClient raw = new RawClient(p)) {
            raw.writeAscii("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
            assertEquals("page for /hello", new String(raw.in.readAllBytes(), "UTF-8"));
        }
    }

    @Test
    void aPlainHttpHandlerAnswersHeadWithTheContentLengthOfGet() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setPlainHttpHandler(request -> Single.just(
                HttpResponse.of(200, HttpHeaders.EMPTY, "text/plain", "page for " + request.path())));
        int p = TestSupport.deploy(vertx, options, session -> Completable.complete());
        try (RawClient raw = new RawClient(p)) {
            raw.writeAscii("HEAD /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
            assertTrue(head.contains("\r\nContent-Length: 15\r\n"), "the length of 'page for /hello': " + head);
            assertEquals(0, raw.in.readAllBytes().length, "no body after the head of a HEAD answer");
        }
    }

    @Test
    void aPlainHttpResponseTheCodecCannotSendIsAnswered500() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setPlainHttpHandler(request -> Single.just(
                request.path().equals("/no-content")
                        ? HttpResponse.of(204, HttpHeaders.EMPTY, "text/plain", "a body on a 204")
                        : new HttpResponse(200, "OK", HttpHeaders.of("Content-Length", "lots"), null)));
        int p = TestSupport.deploy(vertx, options, session -> Completable.complete());
        for (String request : List.of("GET /no-content HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "HEAD /length HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
            try (RawClient raw = new RawClient(p)) {
                raw.writeAscii(request);
                String head = raw.readHead();
                assertTrue(head.startsWith("HTTP/1.1 500 "), request + " -> " + head);
                assertTrue(raw.awaitEndOfStream(), "closed after the 500");
            }
        }
    }

    @Test
    void aBadUpgradeRequestGets400FromTheCodec() throws Exception {
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 400 "), head);
            assertTrue(raw.awaitEndOfStream());
        }
    }

    @Test
    void silentAndSlowClientsAreClosedAfterTheHandshakeTimeout() throws Exception {
        long start = System.nanoTime(); // before the connections, so before the server's timers started
        try (RawClient silent = new RawClient(port); RawClient slow = new RawClient(port)) {
            slow.writeAscii("GET / HTTP/1.1\r\n");
            Thread.sleep(200);
            slow.writeAscii("Host: 127.0.0.1\r\n");
            assertTrue(silent.awaitEndOfStream(), "the silent client was disconnected");
            assertTrue(slow.awaitEndOfStream(), "the slow client was disconnected");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 490, "not before the timeout: " + ms);
        }
    }

    @Test
    void aHookThatNeverDecidesIsCutByTheHandshakeTimeout() {
        Throwable e = connectError("/never", HttpHeaders.EMPTY);
        assertInstanceOf(WsClosedException.class, e);
        assertEquals("The connection closed before the opening handshake completed.", e.getMessage());
    }

    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        int p = TestSupport.deploy(vertx, TestSupport.serverOptions().setMaxConnections(1),
                session -> session.receive().ignoreElements());
        try (RawClient first = new RawClient(p); RawClient second = new RawClient(p)) {
            assertTrue(first.handshake("/").startsWith("HTTP/1.1 101 "));
            String head = second.readHead();
            assertTrue(head.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), head);
        }
    }

    @Test
    void theClientChecksUrls() {
        assertEquals("A WebSocket URL starts with ws:// or wss:// but was 'http://127.0.0.1/'.",
                assertThrows(IllegalArgumentException.class,
                        () -> client.connect("http://127.0.0.1/").blockingGet()).getMessage());
        assertEquals("A WebSocket URL must not have a fragment (RFC 6455 section 3): 'ws://127.0.0.1/#x'.",
                assertThrows(IllegalArgumentException.class,
                        () -> client.connect("ws://127.0.0.1/#x").blockingGet()).getMessage());
    }

    @Test
    void theClientTimesOutOnASilentServer() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5,
                java.net.InetAddress.getLoopbackAddress())) {
            WsClient impatient = WsClient.create(vertx, TestSupport.clientOptions()
                    .setHandshakeTimeout(Duration.ofMillis(300)));
            Throwable e = TestSupport.errorOf(impatient.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/"));
            assertEquals("The opening handshake did not complete within 300 ms.", e.getMessage());
        }
    }
}
