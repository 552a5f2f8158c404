package dev.wscodec.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A member of the chat room over the JDK's {@link WebSocket} client: it keeps every text message it receives, so a
 * test can ask what arrived from whom and in which order. Chat lines look like {@code HH:mm:ss NAME: TEXT}.
 */
final class ChatPeer implements AutoCloseable {

    private static final Pattern LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d ([^:]+): (.*)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String name;
    private final int port;
    private final List<String> received = new ArrayList<>();
    private volatile boolean closed;
    private final WebSocket ws;

    private ChatPeer(String name, int port) throws Exception {
        this.name = name;
        this.port = port;
        ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat?name=" + name),
                new Listener()).get(15, TimeUnit.SECONDS);
    }

    /** Joins the room on the node listening on {@code port} and waits for the welcome. */
    static ChatPeer join(String name, int port) throws Exception {
        ChatPeer p = new ChatPeer(name, port);
        p.await(() -> p.texts().stream().anyMatch(t -> t.startsWith("Welcome, " + name + "!")), 15,
                "the welcome");
        return p;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed;
    }

    /** Every text message so far, in arrival order. */
    List<String> texts() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The texts of {@code sender}'s chat lines that start with {@code prefix}, in arrival order. */
    List<String> from(String sender, String prefix) {
        List<String> out = new ArrayList<>();
        for (String t : texts()) {
            Matcher m = LINE.matcher(t);
            if (m.matches() && m.group(1).equals(sender) && m.group(2).startsWith(prefix)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /** Polls {@code condition} every 20 ms until it holds; fails after {@code seconds} naming {@code what}. */
    void await(java.util.function.BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                List<String> t = texts();
                throw new AssertionError(name + " (port " + port + ") did not get " + what + " within " + seconds
                        + " s; it got " + t.size() + " messages, the last: " + t.subList(Math.max(0, t.size() - 10),
                        t.size()));
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                synchronized (received) {
                    received.add(text.toString());
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }
}
