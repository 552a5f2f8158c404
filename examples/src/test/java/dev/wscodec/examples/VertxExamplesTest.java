package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EchoVerticle} as a user would deploy it, and the demo's routing, in this JVM over real sockets. */
class VertxExamplesTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int deploy(WsServerVerticle verticle) throws Exception {
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return verticle.server().actualPort();
    }

    @Test
    void echoVerticleEchoesTextAndBinary() throws Exception {
        int port = deploy(new EchoVerticle(new WsServerOptions().setHost("127.0.0.1").setPort(0)));
        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/")) {
            c.sendText("ten lines");
            assertEquals("ten lines", c.next());
            c.sendBinary(new byte[] {9, 8, 7});
            assertArrayEquals(new byte[] {9, 8, 7}, (byte[]) c.next());
        }
    }

    @Test
    void demoServesThePageRoutesUpgradesAndRefusesTheRest() throws Exception {
        byte[] page = DemoServer.page();
        int port = deploy(new WsServerVerticle(new WsServerOptions().setHost("127.0.0.1").setPort(0)
                .setPlainHttpHandler(DemoServer.pages(page)),
                DemoServer.router(s -> s.send(s.receive()), s -> s.send(s.receive()))));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
        assertTrue(index.body().contains("new WebSocket(url, this.protocols)"), "the demo page");
        assertEquals(page.length, index.body().getBytes(StandardCharsets.UTF_8).length);

        String head = rawRequest(port, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.endsWith("\r\n\r\n"), "no body: " + head);
        assertTrue(head.contains("\r\nContent-Length: " + page.length + "\r\n"), "GET's length (RFC 9110 9.3.2): " + head);
        assertTrue(head.contains("\r\nContent-Type: text/html; charset=utf-8\r\n"), head);
        assertTrue(rawRequest(port, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 404 "));
        String post = rawRequest(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertTrue(post.startsWith("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD"), post);

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> JdkClient.connect("ws://127.0.0.1:" + port + "/elsewhere"));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException h && h.getResponse().statusCode() == 404,
                String.valueOf(refused.getCause()));
        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/echo")) {
            c.sendText("routed");
            assertEquals("routed", c.next());
        }
        // The seeds' echo page opens ws://HOST:9876/ : an upgrade on / is the echo, a plain GET of / the page.
        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port)) {
            c.sendText("Hello World!");
            assertEquals("Hello World!", c.next());
        }
    }

    private static String rawRequest(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
