package dev.wscodec.examples;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link java.net.http.WebSocket} client (a third-party peer) collecting whole messages: a {@link String}
 * per text message, a {@code byte[]} per binary one, a {@link Closed} when the server closes.
 */
final class JdkClient implements AutoCloseable {

    /** The server's close frame. */
    record Closed(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    private JdkClient(String uri, String... subprotocols) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        ws = b.buildAsync(URI.create(uri), new Listener()).get(15, TimeUnit.SECONDS);
    }

    static JdkClient connect(String uri, String... subprotocols) throws Exception {
        return new JdkClient(uri, subprotocols);
    }

    String subprotocol() {
        return ws.getSubprotocol();
    }

    void sendText(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
    }

    /** The next message or close, failing after 10 s. */
    Object next() throws InterruptedException {
        Object o = received.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("Nothing received within 10 s.");
        }
        return o;
    }

    /** The next text message, failing on anything else. */
    String nextText() throws InterruptedException {
        Object o = next();
        if (!(o instanceof String s)) {
            throw new AssertionError("Expected a text message but got " + o + ".");
        }
        return s;
    }

    /** Skips messages until one starts with {@code prefix}; fails after 10 s per message. */
    String nextStartingWith(String prefix) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            String s = nextText();
            if (s.startsWith(prefix)) {
                return s;
            }
        }
        throw new AssertionError("No message starting with '" + prefix + "'.");
    }

    /** Skips messages until one matches {@code regex} entirely; fails after 10 s per message. */
    String nextMatching(String regex) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            String s = nextText();
            if (s.matches(regex)) {
                return s;
            }
        }
        throw new AssertionError("No message matching /" + regex + "/.");
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(error);
        }
    }
}
