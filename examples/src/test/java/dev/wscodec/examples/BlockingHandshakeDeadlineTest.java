package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.TestPki;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking server's handshake deadline: clients that send their request head a byte at a time, forever, hold
 * every connection slot only until the deadline, then are dropped while still sending, and the slots serve others.
 */
class BlockingHandshakeDeadlineTest {

    private static final int SLOTS = 3;
    private static final long DEADLINE_MS = 3000;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private BlockingEchoServer server;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> tricklers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new BlockingEchoServer("127.0.0.1", 0, BlockingEchoServer.config(4096, false), SLOTS, DEADLINE_MS,
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : tricklers) {
            t.join(5_000);
        }
        server.close();
    }

    /** A client that sends the start of a request, then one byte every 200 ms until told to stop or cut off. */
    private Socket slowloris() throws IOException {
        return slowloris(server, "GET / HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    }

    private Socket slowloris(BlockingEchoServer target, byte[] start) throws IOException {
        Socket s = new Socket("127.0.0.1", target.port());
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(start);
        Thread t = new Thread(() -> {
            // Bounded: at most 150 bytes (30 s), ends when the server closes the connection or the test stops.
            for (int i = 0; i < 150 && !stop.get(); i++) {
                try {
                    Thread.sleep(200);
                    out.write('a');
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "slowloris");
        t.setDaemon(true);
        t.start();
        tricklers.add(t);
        return s;
    }

    /** Reads until the server closes: true for end of stream or a reset, false if it answered anything. */
    private static boolean droppedWithoutAnswer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void slowHandshakesLoseTheirSlotsAtTheDeadline() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            slow.add(slowloris());
        }
        for (int i = 0; i < 500 && server.connectionCount() < SLOTS; i++) {
            Thread.sleep(10);
        }
        assertEquals(SLOTS, server.connectionCount(), "every slot is taken by a slow client");
        // While they trickle, the server is full.
        try (Socket refused = new Socket("127.0.0.1", server.port())) {
            refused.setSoTimeout(30_000);
            String answer = new String(refused.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), answer);
        }
        // They keep sending, yet each is dropped at the deadline of its whole handshake.
        for (Socket s : slow) {
            try (s) {
                assertTrue(droppedWithoutAnswer(s));
            }
        }
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains(
                "did not finish its opening handshake within 3000 ms; dropping the connection."), logBytes.toString());
        // The slots serve well-behaved clients again.
        try (EngineClient c = new EngineClient(server.port(), "/", WsConfig.DEFAULT, List.of())) {
            assertInstanceOf(WsEvent.HandshakeAccepted.class, c.next());
            c.send(TextMessage.of("after the slowloris"));
            assertEquals("after the slowloris", assertInstanceOf(TextMessage.class, c.next()).text());
        }
    }

    @Test
    void theTlsHandshakeIsInsideTheDeadlineAndWssIsServed() throws Exception {
        TestPki pki = TestPki.get();
        try (BlockingEchoServer tls = new BlockingEchoServer("127.0.0.1", 0, BlockingEchoServer.config(4096, false),
                SLOTS, 5000, PemTls.serverContext(pki.server.certPem(), pki.server.keyPem()),
                new PrintStream(logBytes, true, StandardCharsets.UTF_8))) {
            Vertx vertx = Vertx.vertx();
            try {
                WsSession session = WsClient.create(vertx, new WsClientOptions().setTrustOptions(
                        new PemTrustOptions().addCertPath(pki.caPem.toString())))
                        .connect("wss://localhost:" + tls.port() + "/").blockingGet();
                String echo = session.sendText("over tls").andThen(session.receive().firstOrError())
                        .map(m -> ((TextMessage) m).text()).blockingGet();
                assertEquals("over tls", echo);
                session.close().blockingAwait();
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            // The header of a TLS handshake record of 512 bytes, whose body then comes a byte every 200 ms: the TLS
            // handshake never completes, and the deadline of the whole handshake cuts it off.
            try (Socket s = slowloris(tls, new byte[] {0x16, 0x03, 0x01, 0x02, 0x00})) {
                assertTrue(droppedWithoutAnswer(s));
            }
            assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains(
                    "did not finish its opening handshake within 5000 ms"), logBytes.toString());
        }
    }
}
