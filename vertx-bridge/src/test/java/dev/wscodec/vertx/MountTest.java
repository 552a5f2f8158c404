package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSockets mounted on a plain Vert.x HttpServer that serves its own HTTP on the same port. */
@ExtendWith(VertxExtension.class)
class MountTest {

    private static final WsHandler ECHO = session -> session.send(session.receive());
    private static final WsConfig CODEC = WsConfig.builder().deflate(DeflateConfig.DEFAULT)
            .subprotocols("chat.v2", "chat.v1").build();

    private int port;
    private WsClient client;
    private WsUpgradeHandler upgrades;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        upgrades = WsUpgradeHandler.create(vertx, TestSupport.serverOptions().setCodecConfig(CODEC), ECHO);
        WsUpgradeHandler routed = WsUpgradeHandler.create(vertx, TestSupport.serverOptions(), WsRouter.router()
                .route("/rooms/echo", ECHO)
                .route("/rooms/private", new WsRouteOptions().setAcceptHook(r -> Single.just(WsDecision.reject(401))),
                        ECHO));
        WsUpgradeHandler undecided = WsUpgradeHandler.create(vertx, TestSupport.serverOptions()
                .setHandshakeTimeout(java.time.Duration.ofMillis(500)), request -> Single.never(), ECHO);
        HttpServer http = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/never")) {
                undecided.handle(req);
            } else if (req.path().equals("/ws")) {
                upgrades.handle(req);
            } else if (req.path().startsWith("/rooms/")) {
                routed.handle(req);
            } else {
                req.response().putHeader("Content-Type", "text/plain").end("plain " + req.path());
            }
        });
        port = http.listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS).actualPort();
        client = WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(CODEC));
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    @Test
    void plainRequestsStayWithTheApplication() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("plain /hello", r.body());
    }

    @Test
    void anUpgradeOnTheMountedPathNegotiatesDeflateAndTheSubprotocolAndEchoes() {
        WsSession session = client.connect(url("/ws"), List.of("chat.v1", "chat.v2"), HttpHeaders.EMPTY)
                .timeout(20, TimeUnit.SECONDS).blockingGet();
        assertEquals("chat.v2", session.subprotocol());
        assertEquals("permessage-deflate", session.extensions().get(0).name());
        byte[] big = "compressible ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        List<Message> got = session.sendText("hello").andThen(session.sendBinary(big))
                .andThen(session.receive().take(2)).toList().timeout(30, TimeUnit.SECONDS).blockingGet();
        assertEquals("hello", ((dev.wscodec.api.TextMessage) got.get(0)).text());
        assertArrayEquals(big, ((BinaryMessage) got.get(1)).toByteArray());
        assertEquals(1, upgrades.connectionCount());
        session.close().timeout(20, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void theHandshakeIsTheCodecs() throws Exception {
        try (RawClient raw = new RawClient(port)) {
            String head = raw.handshake("/ws");
            String lower = head.toLowerCase(Locale.ROOT);
            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
            // RFC 6455 section 1.3: the accept value for the sample nonce.
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
            assertTrue(lower.contains("upgrade: websocket\r\n"), head);
            assertFalse(lower.contains("sec-websocket-extensions"), "nothing offered, nothing negotiated: " + head);
            raw.writeFrame(true, 1, "raw".getBytes(StandardCharsets.UTF_8));
            RawClient.Frame echo = raw.readFrame();
            assertEquals(1, echo.opcode());
            assertEquals("raw", new String(echo.payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBadUpgradeGetsTheCodecsStatus() throws Exception {
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"); // no Sec-WebSocket-Key
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 400 "), head);
            int length = Integer.parseInt(head.replaceAll("(?s).*[Cc]ontent-[Ll]ength: (\\d+).*", "$1"));
            String body = new String(raw.in.readNBytes(length), StandardCharsets.UTF_8);
            assertTrue(body.contains("Sec-WebSocket-Key"), body);
        }
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); // no upgrade at all
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), head);
            assertTrue(head.contains("Sec-WebSocket-Version: 13\r\n"), head);
        }
    }

    @Test
    void aRouterDecidesBehindTheMount() throws Exception {
        WsSession echo = client.connect(url("/rooms/echo")).timeout(20, TimeUnit.SECONDS).blockingGet();
        echo.sendText("routed").blockingAwait();
        assertEquals("routed", echo.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet());
        assertEquals(401, assertInstanceOf(WsHandshakeRejectedException.class,
                TestSupport.errorOf(client.connect(url("/rooms/private")))).status());
        try (RawClient raw = new RawClient(port)) {
            String head = raw.handshake("/rooms/nowhere");
            assertTrue(head.startsWith("HTTP/1.1 404 Not Found\r\n"), head);
            assertEquals("No WebSocket endpoint is at /rooms/nowhere.\n",
                    new String(raw.in.readNBytes("No WebSocket endpoint is at /rooms/nowhere.\n".length()),
                            StandardCharsets.UTF_8));
        }
    }

    @Test
    void aHookThatNeverDecidesHasTheConnectionClosedAfterTheHandshakeTimeout() throws Exception {
        try (RawClient raw = new RawClient(port)) {
            raw.writeAscii("GET /never HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + RawClient.KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertTrue(raw.awaitEndOfStream(), "closed without an answer");
        }
    }
}
