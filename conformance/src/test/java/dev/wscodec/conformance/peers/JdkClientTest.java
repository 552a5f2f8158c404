package dev.wscodec.conformance.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.conformance.VertxEchoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK's {@link java.net.http.WebSocket} client against the Vert.x bridge echo server (no compression: the JDK has none). */
class JdkClientTest {

    static VertxEchoServer server;
    static HttpClient http;

    @BeforeAll
    static void start() {
        server = Peers.vertxServer(false);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Collects whole messages (the JDK delivers parts) and the close. */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        private StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private static WebSocket connect(Collector c) {
        return http.newWebSocketBuilder().subprotocols("chat")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), c).join();
    }

    @Test
    void echoesTextAndBinaryOfEverySize() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c);
        assertEquals("chat", ws.getSubprotocol());
        SplittableRandom random = new SplittableRandom(3);
        for (int n : OurClientChecks.SIZES) {
            String text = "\u00e9a\u20ac".repeat(n / 3 + 1).substring(0, n);
            ws.sendText(text, true).join();
            assertEquals(text, c.messages.poll(60, TimeUnit.SECONDS), "text echo of " + n + " chars");
            byte[] data = new byte[n];
            random.nextBytes(data);
            ws.sendBinary(ByteBuffer.wrap(data), true).join();
            assertArrayEquals(data, (byte[]) c.messages.poll(60, TimeUnit.SECONDS), "binary echo of " + n + " bytes");
        }
        ws.sendClose(4001, "bye from the JDK").join();
        assertEquals("4001", c.closed.get(30, TimeUnit.SECONDS).split(" ")[0], "the server answers with the code it got");
    }

    @Test
    void reassemblesFragmentsAndAnswersPings() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c);
        ws.sendText("frag", false).join();
        ws.sendPing(ByteBuffer.wrap("in between".getBytes(StandardCharsets.UTF_8))).join();   // control between fragments
        ws.sendText("mented \u00e9", true).join();
        assertEquals("fragmented \u00e9", c.messages.poll(30, TimeUnit.SECONDS));
        ByteBuffer pong = c.pongs.poll(30, TimeUnit.SECONDS);
        assertEquals("in between", StandardCharsets.UTF_8.decode(pong).toString());
        ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false).join();
        ws.sendBinary(ByteBuffer.wrap(new byte[] {3}), true).join();
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) c.messages.poll(30, TimeUnit.SECONDS));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        assertEquals("1000 ", c.closed.get(30, TimeUnit.SECONDS));
    }

    @Test
    void offersNoSubprotocolTheServerLacks() {
        Collector c = new Collector();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("mqtt")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), c).join();
        assertEquals("", ws.getSubprotocol(), "the server must not pick a subprotocol it does not support");
        ws.abort();
        assertEquals(List.of(), List.copyOf(c.messages));
    }
}
