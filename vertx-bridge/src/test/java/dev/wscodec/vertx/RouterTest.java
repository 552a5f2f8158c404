package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One server, several paths: each route with its own handler, subprotocols, limits and accept hook. */
@ExtendWith(VertxExtension.class)
class RouterTest {

    private static final WsHandler ECHO = session -> session.send(session.receive());

    private int port;
    private WsClient client;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        WsRouter router = WsRouter.router()
                .route("/echo", ECHO)
                .route("/upper", session -> session.sendText(session.receiveText().map(String::toUpperCase)))
                .route("/chat", new WsRouteOptions().setSubprotocols("chat.v2", "chat.v1"),
                        session -> session.sendText("you speak " + session.subprotocol()))
                .route("/small", new WsRouteOptions().setCodecConfig(WsConfig.builder().maxMessageSize(200).build()),
                        ECHO)
                .route("/private", new WsRouteOptions().setAcceptHook(request ->
                        Single.just("letmein".equals(request.headers().get("Authorization"))
                                ? WsDecision.accept() : WsDecision.reject(401))), ECHO)
                .route("/rooms/*", session -> session.sendText("room " + session.request().path()))
                .route("/rooms/lobby", session -> session.sendText("the lobby"));
        WsServer server = WsServer.create(vertx, TestSupport.serverOptions(), router).rxListen()
                .timeout(20, TimeUnit.SECONDS).blockingGet();
        port = server.actualPort();
        client = WsClient.create(vertx, TestSupport.clientOptions());
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    private WsSession open(String path, List<String> subprotocols, HttpHeaders headers) {
        return client.connect(url(path), subprotocols, headers).timeout(20, TimeUnit.SECONDS).blockingGet();
    }

    private String firstText(String path) {
        WsSession s = open(path, List.of(), HttpHeaders.EMPTY);
        return s.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet();
    }

    @Test
    void eachPathHasItsHandler() {
        WsSession echo = open("/echo", List.of(), HttpHeaders.EMPTY);
        echo.sendText("Hello").blockingAwait();
        assertEquals("Hello", echo.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet());
        WsSession upper = open("/upper?x=1", List.of(), HttpHeaders.EMPTY); // the query does not take part
        upper.sendText("Hello").blockingAwait();
        assertEquals("HELLO", upper.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet());
    }

    @Test
    void anUnknownPathIsAnswered404WithABodyNamingIt() throws Exception {
        WsHandshakeRejectedException e = assertInstanceOf(WsHandshakeRejectedException.class,
                TestSupport.errorOf(client.connect(url("/nowhere"))));
        assertEquals(404, e.status());
        try (RawClient raw = new RawClient(port)) {
            String head = raw.handshake("/nowhere?q=1");
            assertTrue(head.startsWith("HTTP/1.1 404 Not Found\r\n"), head);
            assertTrue(head.contains("Content-Type: text/plain; charset=utf-8\r\n"), head);
            assertEquals("No WebSocket endpoint is at /nowhere.\n",
                    new String(raw.in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void plainHttpStillGoesToThePlainHandler() throws Exception {
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readHead().startsWith("HTTP/1.1 426 Upgrade Required\r\n"));
        }
    }

    @Test
    void subprotocolsArePerRoute() {
        List<String> offered = List.of("chat.v1", "chat.v2");
        WsSession chat = open("/chat", offered, HttpHeaders.EMPTY);
        assertEquals("chat.v2", chat.subprotocol()); // the route's preference
        assertEquals("you speak chat.v2", chat.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS)
                .blockingGet());
        assertNull(open("/echo", offered, HttpHeaders.EMPTY).subprotocol()); // the server has none
    }

    @Test
    void limitsArePerRoute() {
        String big = "x".repeat(300);
        WsSession echo = open("/echo", List.of(), HttpHeaders.EMPTY);
        echo.sendText(big).blockingAwait();
        assertEquals(big, echo.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet());

        WsSession small = open("/small", List.of(), HttpHeaders.EMPTY);
        small.sendText("tiny").blockingAwait();
        assertEquals("tiny", small.receiveText().take(1).singleOrError().timeout(20, TimeUnit.SECONDS)
                .blockingGet());
        WsSession small2 = open("/small", List.of(), HttpHeaders.EMPTY);
        small2.sendText(big).blockingAwait();
        small2.receive().ignoreElements().onErrorComplete().timeout(20, TimeUnit.SECONDS).blockingAwait();
        CloseStatus status = small2.onClose().timeout(20, TimeUnit.SECONDS).blockingGet();
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, status.code(), status.toString());
    }

    @Test
    void framesRightBehindTheHeadAreDecodedWithTheRoutesConfiguration() throws Exception {
        // A head and a frame in one write: the route's engine decodes both again.
        try (RawClient raw = new RawClient(port)) {
            byte[] head = ("GET /small HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + RawClient.KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = RawClient.frame(true, 1, "hi".getBytes(StandardCharsets.UTF_8));
            byte[] both = new byte[head.length + frame.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            raw.writeRaw(both);
            assertTrue(raw.readHead().startsWith("HTTP/1.1 101 "));
            RawClient.Frame echo = raw.readFrame();
            assertEquals(1, echo.opcode());
            assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), echo.payload());
            raw.writeFrame(true, 1, "x".repeat(201).getBytes(StandardCharsets.UTF_8)); // over the route's 200
            RawClient.Frame close = raw.readFrame();
            assertEquals(8, close.opcode());
            assertEquals(CloseStatus.MESSAGE_TOO_BIG, ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
        }
    }

    @Test
    void theAcceptHookIsPerRoute() {
        WsHandshakeRejectedException e = assertInstanceOf(WsHandshakeRejectedException.class,
                TestSupport.errorOf(client.connect(url("/private"))));
        assertEquals(401, e.status());
        WsSession ok = open("/private", List.of(), HttpHeaders.of("Authorization", "letmein"));
        assertTrue(ok.isOpen());
        open("/echo", List.of(), HttpHeaders.EMPTY); // other routes do not ask
    }

    @Test
    void prefixRoutesServeTheirSubtreeAndExactRoutesWin() {
        assertEquals("room /rooms/42", firstText("/rooms/42"));
        assertEquals("room /rooms", firstText("/rooms"));
        assertEquals("the lobby", firstText("/rooms/lobby"));
        assertEquals(404, ((WsHandshakeRejectedException) TestSupport.errorOf(client.connect(url("/roomsX"))))
                .status());
    }

    @Test
    void badRoutesAreRefused() {
        WsRouter router = WsRouter.router().route("/a", ECHO);
        assertEquals("The path '/a' already has a route.",
                assertThrows(IllegalArgumentException.class, () -> router.route("/a", ECHO)).getMessage());
        assertEquals("A route's path starts with '/' but was 'a'.",
                assertThrows(IllegalArgumentException.class, () -> router.route("a", ECHO)).getMessage());
        assertEquals("A route's path may only end in '/*' (a prefix) but was '/a*b'.",
                assertThrows(IllegalArgumentException.class, () -> router.route("/a*b", ECHO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WsRouteOptions().setSubprotocols("bad token"));
        assertThrows(IllegalArgumentException.class,
                () -> new WsRouteOptions().setCodecConfig(WsConfig.builder().autoPong(false).build()));
        assertEquals(List.of("/a"), router.paths());
    }
}
