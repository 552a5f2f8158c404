package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's origin policy over real sockets: /echo and /chat open to its own pages, to clients without Origin and
 * to --allow-origin; 403 (with Connection: close) to every other site; / open to all.
 */
class DemoOriginTest {

    private Vertx vertx;
    private int port;
    private String self;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        WsServerVerticle verticle = new WsServerVerticle(new WsServerOptions().setHost("127.0.0.1").setPort(0),
                DemoServer.router(OriginPolicy.allowing(List.of("https://App.Example.com:443")),
                        s -> s.send(s.receive()), s -> s.send(s.receive())));
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = verticle.server().actualPort();
        self = "127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The status line of the answer to an upgrade of {@code target} with these extra header lines. */
    private String upgrade(String target, String host, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        return head(request.append("\r\n").toString());
    }

    private String head(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (!out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String status(String head) {
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void ownOriginAndClientsWithoutOriginAreAccepted() throws IOException {
        for (String path : List.of("/echo", "/chat")) {
            assertEquals("HTTP/1.1 101 Switching Protocols", status(upgrade(path, self)));
            assertEquals("HTTP/1.1 101 Switching Protocols", status(upgrade(path, self, "Origin: http://" + self)));
            assertEquals("HTTP/1.1 101 Switching Protocols", status(upgrade(path, self, "Origin: https://" + self)));
            assertEquals("HTTP/1.1 101 Switching Protocols",
                    status(upgrade(path, "LOCALHOST:" + port, "Origin: http://localhost:" + port)));
        }
    }

    @Test
    void foreignOriginsGet403WithConnectionClose() throws IOException {
        for (String path : List.of("/echo", "/chat")) {
            String head = upgrade(path, self, "Origin: http://evil.example");
            assertEquals("HTTP/1.1 403 Forbidden", status(head));
            assertTrue(head.contains("\r\nConnection: close\r\n"), head);
            // Same host, another port; same host and port, another scheme; sandboxed pages; two origins.
            assertEquals("HTTP/1.1 403 Forbidden", status(upgrade(path, self, "Origin: http://127.0.0.1:1")));
            assertEquals("HTTP/1.1 403 Forbidden", status(upgrade(path, self, "Origin: ftp://" + self)));
            assertEquals("HTTP/1.1 403 Forbidden", status(upgrade(path, self, "Origin: null")));
            assertEquals("HTTP/1.1 403 Forbidden", status(upgrade(path, self, "Origin: http://" + self,
                    "Origin: http://evil.example")));
        }
    }

    @Test
    void allowOriginAdmitsAnotherSite() throws IOException {
        assertEquals("HTTP/1.1 101 Switching Protocols",
                status(upgrade("/chat", self, "Origin: https://app.example.com")));
        assertEquals("HTTP/1.1 403 Forbidden", status(upgrade("/chat", self, "Origin: http://app.example.com")));
    }

    @Test
    void theSeedsEchoOnSlashTakesAnyOrigin() throws IOException {
        assertEquals("HTTP/1.1 101 Switching Protocols", status(upgrade("/", self, "Origin: http://localhost:8000")));
    }

    @Test
    void anAbsoluteFormTargetIsRoutedByItsPathAndJudgedByItsHost() throws IOException {
        // RFC 9112 §3.2.2: the target's host, not the Host header, is the one the request is for.
        assertEquals("HTTP/1.1 101 Switching Protocols", status(upgrade("http://" + self + "/echo", "other:1",
                "Origin: http://" + self)));
        assertEquals("HTTP/1.1 403 Forbidden", status(upgrade("http://other:1/echo", self,
                "Origin: http://" + self)));
    }

    @Test
    void http2RequestLinesGet505AndEveryAnswerSaysConnectionClose() throws IOException {
        String h2 = head("GET /echo HTTP/2.0\r\nHost: " + self + "\r\n\r\n");
        assertEquals("HTTP/1.1 505 HTTP Version Not Supported", status(h2));
        assertTrue(h2.contains("\r\nConnection: close\r\n"), h2);
        // The bridge's default plain-HTTP answer keeps its Upgrade option and adds close.
        String plain = head("GET /echo HTTP/1.1\r\nHost: " + self + "\r\n\r\n");
        assertEquals("HTTP/1.1 426 Upgrade Required", status(plain));
        assertTrue(plain.contains("\r\nConnection: Upgrade, close\r\n"), plain);
        String notFound = upgrade("/nowhere", self);
        assertEquals("HTTP/1.1 404 Not Found", status(notFound));
        assertTrue(notFound.contains("\r\nConnection: close\r\n"), notFound);
    }

    @Test
    void originsAreComparedNormalized() {
        assertEquals("https://app.example.com", OriginPolicy.normalize("HTTPS://App.Example.COM:443"));
        assertEquals("http://[::1]:8080", OriginPolicy.normalize("http://[::1]:8080"));
        assertNull(OriginPolicy.normalize("null"));
        assertNull(OriginPolicy.normalize("http://example.com/path"));
        assertNull(OriginPolicy.normalize("http://user@example.com"));
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> OriginPolicy.allowing(List.of("example.com")));
        assertEquals("The value of --allow-origin must be an origin such as https://example.com or"
                + " http://localhost:8080 (scheme, host, optional port, no path) but was 'example.com'.", e.getMessage());
    }
}
