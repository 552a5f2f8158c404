package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.TestPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code echo --hixie76}, {@code chat --hixie76} and {@code demo --hixie76} as processes: a draft-hixie-76 client
 * (the hixie-76 provider's client engine over a socket) and RFC 6455 clients (the JDK's) on the same port.
 */
class HixieIT {

    @Test
    void aChatRoomMixesAHixie76ClientAndRfc6455Clients() throws Exception {
        int port = TestPorts.free(); // a fixed port: two verticle instances share it
        try (JarProcess chat = JarProcess.start("chat", "--port", Integer.toString(port), "--hixie76")) {
            chat.awaitLine("Also accepting legacy draft-hixie-75/76 clients", 30);
            chat.awaitLine("Chat room on ", 30);
            String query = "/chat?name=";
            try (JdkClient alice = JdkClient.connect("ws://127.0.0.1:" + port + query + "alice", "chat");
                 HixieClient old = new HixieClient(port, query + "oldtimer");
                 JdkClient bob = JdkClient.connect("ws://127.0.0.1:" + port + query + "bob")) {
                assertTrue(old.nextText().startsWith("Welcome, oldtimer!"));
                alice.nextStartingWith("Welcome, alice!");
                alice.nextStartingWith("* oldtimer joined the room");
                old.nextStartingWith("* bob joined the room");

                old.send("hello from 2010");
                alice.nextMatching("\\d\\d:\\d\\d:\\d\\d oldtimer: hello from 2010");
                bob.nextMatching("\\d\\d:\\d\\d:\\d\\d oldtimer: hello from 2010");
                alice.sendText("hello from today ✓");
                old.nextMatching("\\d\\d:\\d\\d:\\d\\d alice: hello from today ✓");
                bob.nextMatching("\\d\\d:\\d\\d:\\d\\d alice: hello from today ✓");

                old.send("quit");
                assertEquals("Bye, oldtimer!", old.nextStartingWith("Bye"));
                assertInstanceOf(Close.class, old.next());
                alice.nextStartingWith("* oldtimer left the room");
            }
            assertFalse(chat.transcript().contains("Exception"), chat.transcript());
        }
    }

    @Test
    void echoServesBothProtocolsOnOnePort() throws Exception {
        try (JarProcess echo = JarProcess.start("echo", "--port", "0", "--hixie76")) {
            int port = Integer.parseInt(echo.awaitLine("Echo server on ws://\\S+?:(\\d+)/", 30).group(1));
            try (HixieClient old = new HixieClient(port, "/any/path");
                 JdkClient modern = JdkClient.connect("ws://127.0.0.1:" + port + "/")) {
                old.send("héllo");
                assertEquals("héllo", old.nextText());
                modern.sendText("hello");
                assertEquals("hello", modern.nextText());
                old.close();
            }
            // A TLS ClientHello to the plain port is refused at once (400), not after the 10 s handshake timeout.
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000); // SocketTimeoutException if the server waited for a head
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC});
                String answer = new String(s.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            }
        }
    }

    @Test
    void theCliClientSpeaksHixie76ToEchoHixie76() throws Exception {
        try (JarProcess echo = JarProcess.start("echo", "--port", "0", "--hixie76")) {
            int port = Integer.parseInt(echo.awaitLine("Echo server on ws://\\S+?:(\\d+)/", 30).group(1));
            try (JarProcess client = JarProcess.start("client", "--hixie76", "--header", "Origin: http://localhost",
                    "ws://127.0.0.1:" + port + "/old")) {
                client.awaitLine("^\\[err\\] Connected to ws://127.0.0.1:" + port + "/old", 30);
                OutputStream stdin = client.stdin();
                stdin.write("hello from the past\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                stdin.flush();
                client.awaitLine("^< hello from the past$", 10);
                stdin.close();
                client.awaitLine("^\\[err\\] Closed: 1000", 10);
                assertEquals(0, client.awaitExit(15), client.transcript());
            }
        }
    }

    @Test
    void demoEchoesOnSlashForAHixieClientAndWithoutTheFlagAnswers426() throws Exception {
        try (JarProcess demo = JarProcess.start("demo", "--port", "0", "--hixie76")) {
            int port = Integer.parseInt(demo.awaitLine("open http://\\S+?:(\\d+)/", 30).group(1));
            try (HixieClient old = new HixieClient(port, "/")) {
                old.send("seed 004");
                assertEquals("seed 004", old.nextText());
            }
            // plain HTTP stays with the main provider: the page is still served on the same port
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html"), page.body());
        }
        try (JarProcess echo = JarProcess.start("echo", "--port", "0")) {
            int port = Integer.parseInt(echo.awaitLine("Echo server on ws://\\S+?:(\\d+)/", 30).group(1));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key1: 1 0\r\nSec-WebSocket-Key2: 2 0\r\n\r\n12345678")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), answer);
            }
        }
    }

    /** A blocking draft-hixie-76 client: the hixie-76 provider's client engine over a socket. */
    static final class HixieClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final WsEngine engine;
        private final ArrayDeque<WsEvent> events = new ArrayDeque<>();
        private final byte[] buf = new byte[16 * 1024];

        HixieClient(int port, String target) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            engine = WsCodecProvider.lookup("hixie-76").newClientEngine(WsConfig.DEFAULT, new ClientHandshake(
                    "127.0.0.1:" + port, target, List.of(), HttpHeaders.of("Origin", "http://localhost")));
            write(engine.openingHandshake());
            assertInstanceOf(WsEvent.HandshakeAccepted.class, next());
        }

        void send(String text) throws IOException {
            write(engine.send(TextMessage.of(text)));
        }

        WsEvent next() throws IOException {
            while (events.isEmpty()) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("No event from the server within 10 s (state " + engine.state() + ").");
                }
                if (n < 0) {
                    throw new AssertionError("The server closed TCP; engine state " + engine.state() + ".");
                }
                engine.receive(ByteBuffer.wrap(buf, 0, n), events::add);
                ByteBuffer reply = engine.pollOutput();
                if (reply != null) {
                    write(reply);
                }
            }
            return events.poll();
        }

        String nextText() throws IOException {
            return assertInstanceOf(TextMessage.class, next()).text();
        }

        String nextStartingWith(String prefix) throws IOException {
            for (int i = 0; i < 50; i++) {
                String t = nextText();
                if (t.startsWith(prefix)) {
                    return t;
                }
            }
            throw new AssertionError("No message starting with '" + prefix + "' among the next 50.");
        }

        void nextMatching(String regex) throws IOException {
            for (int i = 0; i < 50; i++) {
                if (nextText().matches(regex)) {
                    return;
                }
            }
            throw new AssertionError("No message matching '" + regex + "' among the next 50.");
        }

        private void write(ByteBuffer b) throws IOException {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                if (engine.state() == WsEngine.State.OPEN) {
                    write(engine.send(Close.of(1000, "")));
                }
            } finally {
                socket.close();
            }
        }
    }
}
