package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsProtocolException;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Close handshakes both ways, the close timeout, keep-alive, idle timeout, failures and graceful shutdown. */
@ExtendWith(VertxExtension.class)
class CloseTest {

    private Vertx vertx;
    private WsClient client;
    private final CompletableFuture<WsSession> serverSide = new CompletableFuture<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        client = WsClient.create(vertx, TestSupport.clientOptions());
    }

    /** A server whose sessions echo, and which hands its first session to the test. */
    private int echoServer(WsServerOptions options) throws Exception {
        return TestSupport.deploy(vertx, options, session -> {
            serverSide.complete(session);
            return session.send(session.receive());
        });
    }

    private WsSession connect(int port) {
        return client.connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS).blockingGet();
    }

    @Test
    void clientClosesAndBothSidesSeeTheStatus() throws Exception {
        WsSession session = connect(echoServer(TestSupport.serverOptions()));
        TestSubscriber<?> received = session.receive().test();
        session.close(4001, "client done").timeout(5, TimeUnit.SECONDS).blockingAwait();
        received.awaitDone(5, TimeUnit.SECONDS).assertComplete().assertNoErrors();
        WsSession server = serverSide.get(5, TimeUnit.SECONDS);
        assertEquals(new CloseStatus(4001, "client done"), server.onClose().timeout(5, TimeUnit.SECONDS)
                .blockingGet());
        assertEquals(new CloseStatus(4001, "client done"), session.closeStatus().orElseThrow());
        assertFalse(session.isOpen());
        assertInstanceOf(WsClosedException.class,
                TestSupport.errorOf(session.sendText("late").toSingleDefault("sent")));
    }

    @Test
    void aSendOnlyHandlerStillSeesTheClientsClose() throws Exception {
        CompletableFuture<WsSession> pusher = new CompletableFuture<>();
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCloseTimeout(Duration.ofSeconds(30)),
                session -> {
                    pusher.complete(session);
                    return session.sendText("tick").andThen(Completable.never());
                });
        WsSession session = connect(port);
        assertEquals(TextMessage.of("tick"), session.receive().take(1).blockingFirst());
        session.close(4002, "bye").timeout(10, TimeUnit.SECONDS).blockingAwait();
        assertEquals(new CloseStatus(4002, "bye"), pusher.get(5, TimeUnit.SECONDS).onClose()
                .timeout(5, TimeUnit.SECONDS).blockingGet());
    }

    @Test
    void serverClosesAndTheClientsReceiveCompletes() throws Exception {
        WsSession session = connect(echoServer(TestSupport.serverOptions()));
        TestSubscriber<?> received = session.receive().test();
        WsSession server = serverSide.get(5, TimeUnit.SECONDS);
        server.close(1001, "bye").timeout(5, TimeUnit.SECONDS).blockingAwait();
        received.awaitDone(5, TimeUnit.SECONDS).assertComplete();
        assertEquals(new CloseStatus(1001, "bye"), session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet());
    }

    @Test
    void closeTimeoutDropsAPeerThatNeverAnswersTheClose() throws Exception {
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCloseTimeout(Duration.ofMillis(300)),
                session -> session.close(1000, "go"));
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            RawClient.Frame close = raw.readFrame();
            assertEquals(0x8, close.opcode());
            assertEquals(1000, close.closeCode());
            long start = System.nanoTime();
            // The raw client never answers the close frame: the server must close TCP after its close timeout.
            assertTrue(raw.awaitEndOfStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 200 && ms < 5_000, "closed after the close timeout: " + ms + " ms");
        }
    }

    @Test
    void keepAliveDropsAPeerThatStopsAnsweringPings() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setPingInterval(Duration.ofMillis(100))
                .setPongTimeout(Duration.ofMillis(200));
        CompletableFuture<Throwable> why = new CompletableFuture<>();
        int port = TestSupport.deploy(vertx, options, session -> session.receive()
                .doOnError(why::complete).ignoreElements().onErrorComplete());
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            RawClient.Frame ping = raw.readFrame();
            assertEquals(0x9, ping.opcode());
            raw.writeFrame(true, 0xA, ping.payload()); // answer the first ping, then fall silent
            assertEquals(0x9, raw.readFrame().opcode());
            assertTrue(raw.awaitEndOfStream(), "the silent peer was dropped");
        }
        Throwable e = why.get(5, TimeUnit.SECONDS);
        assertEquals("The peer did not answer a ping within 200 ms.", e.getMessage());
        assertEquals(CloseStatus.ABNORMAL_CLOSURE, ((WsClosedException) e).status().code());
    }

    @Test
    void keepAliveKeepsAPeerThatAnswers() throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setPingInterval(Duration.ofMillis(30))
                .setPongTimeout(Duration.ofMillis(300));
        int port = TestSupport.deploy(vertx, options, session -> session.receive().ignoreElements());
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            // Twenty answered pings span more than the pong timeout: answering keeps the connection.
            for (int i = 0; i < 20; i++) {
                RawClient.Frame ping = raw.readFrame();
                assertEquals(0x9, ping.opcode());
                raw.writeFrame(true, 0xA, ping.payload());
            }
        }
    }

    @Test
    void idleTimeoutClosesWith1001() throws Exception {
        WsSession session = connect(echoServer(TestSupport.serverOptions().setIdleTimeout(Duration.ofMillis(300))));
        TestSubscriber<?> received = session.receive().test();
        session.sendText("activity").blockingAwait();
        CloseStatus status = session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals(new CloseStatus(1001, "The connection was idle for too long."), status);
        received.awaitDone(5, TimeUnit.SECONDS).assertValueCount(1).assertComplete();
    }

    @Test
    void idleTimeoutCountsDataNotKeepAlivePings() throws Exception {
        // One timer serves both: pings every 50 ms flow all along, but only data messages reset the idle clock.
        WsSession session = connect(echoServer(TestSupport.serverOptions().setIdleTimeout(Duration.ofMillis(400))
                .setPingInterval(Duration.ofMillis(50)).setPongTimeout(Duration.ofMillis(1000))));
        TestSubscriber<?> received = session.receive().test();
        for (int i = 0; i < 8; i++) {
            session.sendText("activity " + i).blockingAwait();
            Thread.sleep(100);
        }
        assertTrue(session.isOpen(), "a message every 100 ms keeps a connection with a 400 ms idle timeout open");
        long quiet = System.nanoTime();
        CloseStatus status = session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
        long ms = (System.nanoTime() - quiet) / 1_000_000;
        assertEquals(new CloseStatus(1001, "The connection was idle for too long."), status);
        assertTrue(ms >= 150 && ms < 3_000, "closed about 400 ms after the last message: " + ms + " ms");
        received.awaitDone(5, TimeUnit.SECONDS).assertValueCount(8).assertComplete();
    }

    @Test
    void anAbruptDisconnectFailsReceive() throws Exception {
        int port = echoServer(TestSupport.serverOptions());
        RawClient raw = new RawClient(port);
        assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
        WsSession server = serverSide.get(5, TimeUnit.SECONDS);
        raw.close();
        assertEquals(CloseStatus.ABNORMAL, server.onClose().timeout(5, TimeUnit.SECONDS).blockingGet());
    }

    @Test
    void aProtocolErrorFailsReceiveAndSendsTheCloseCode() throws Exception {
        CompletableFuture<Throwable> why = new CompletableFuture<>();
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(), session -> session.receive()
                .doOnError(why::complete).ignoreElements().onErrorComplete());
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            raw.writeFrame(true, 0x1, new byte[] {(byte) 0xC3, 0x28}); // invalid UTF-8
            RawClient.Frame close = raw.readFrame();
            assertEquals(1007, close.closeCode());
            assertTrue(raw.awaitEndOfStream());
        }
        assertEquals(1007, ((WsProtocolException) why.get(5, TimeUnit.SECONDS)).closeCode());
    }

    @Test
    void aFailingHandlerClosesWith1011() throws Exception {
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(),
                session -> Completable.error(new IllegalStateException("application bug")));
        WsSession session = connect(port);
        session.receive().test();
        assertEquals(new CloseStatus(1011, "Internal error."),
                session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet());
    }

    @Test
    void undeployingSends1001ToEveryClientAndWaitsForThem() throws Exception {
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(),
                session -> session.send(session.receive()));
        List<WsSession> sessions = new ArrayList<>();
        List<TestSubscriber<dev.wscodec.api.Message>> receivers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            WsSession s = connect(port);
            receivers.add(s.receive().test());
            sessions.add(s);
        }
        sessions.get(0).sendText("still working").blockingAwait();
        // The echo first: written by the client is not yet read by the server, and once the server sent its 1001 it
        // sends nothing more (RFC 6455 §5.5.1), so undeploying at once could win the race (seen once in CI).
        receivers.get(0).awaitCount(1);
        for (String id : vertx.deploymentIDs()) {
            vertx.undeploy(id).await(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < sessions.size(); i++) {
            CloseStatus status = sessions.get(i).onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
            assertEquals(new CloseStatus(1001, "The server is shutting down."), status);
            receivers.get(i).assertComplete();
        }
        receivers.get(0).assertValue(TextMessage.of("still working"));
    }

    @Test
    void closingVertxSends1001ToClients() throws Exception {
        Vertx serverVertx = Vertx.vertx();
        int port = TestSupport.deploy(serverVertx, TestSupport.serverOptions(),
                session -> session.send(session.receive()));
        WsSession session = connect(port);
        TestSubscriber<?> received = session.receive().test();
        serverVertx.close().await(10, TimeUnit.SECONDS);
        assertEquals(new CloseStatus(1001, "The server is shutting down."),
                session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet());
        received.awaitDone(5, TimeUnit.SECONDS).assertComplete();
    }

    @Test
    void closingTheClientSends1001ToTheServer() throws Exception {
        int port = echoServer(TestSupport.serverOptions());
        WsClient own = WsClient.create(vertx, TestSupport.clientOptions());
        WsSession session = own.connect("ws://127.0.0.1:" + port + "/").timeout(5, TimeUnit.SECONDS).blockingGet();
        TestSubscriber<?> received = session.receive().test();
        own.close().await(10, TimeUnit.SECONDS);
        CloseStatus expected = new CloseStatus(1001, "The client is shutting down.");
        assertEquals(expected, serverSide.get(5, TimeUnit.SECONDS).onClose().timeout(5, TimeUnit.SECONDS)
                .blockingGet());
        assertEquals(expected, session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet());
        received.awaitDone(5, TimeUnit.SECONDS).assertComplete();
    }

    @Test
    void aBrokenConnectionDoesNotAffectAnother() throws Exception {
        int port = echoServer(TestSupport.serverOptions());
        WsSession healthy = connect(port);
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            raw.writeFrame(true, 0x3, new byte[0]); // reserved opcode
            assertEquals(1002, raw.readFrame().closeCode());
        }
        assertEquals(TextMessage.of("still fine"), healthy.sendText("still fine")
                .andThen(healthy.receive().firstOrError()).timeout(5, TimeUnit.SECONDS).blockingGet());
    }

    @Test
    void messagesBeforeABadFrameInTheSameReadAreEchoedBeforeTheClose() throws Exception {
        int port = echoServer(TestSupport.serverOptions());
        try (RawClient raw = new RawClient(port)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            byte[] hello = "Hello, world!".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] good = RawClient.frame(true, 0x1, hello);
            byte[] bad = RawClient.frame(true, 0x1, hello);
            bad[0] |= 0x20; // RSV2 without an extension (RFC 6455 section 5.2)
            byte[] both = new byte[good.length + bad.length];
            System.arraycopy(good, 0, both, 0, good.length);
            System.arraycopy(bad, 0, both, good.length, bad.length);
            raw.writeRaw(both); // one write: the server decodes both frames from the same read
            RawClient.Frame echo = raw.readFrame();
            assertEquals(0x1, echo.opcode());
            assertEquals("Hello, world!", new String(echo.payload(), java.nio.charset.StandardCharsets.UTF_8));
            RawClient.Frame close = raw.readFrame();
            assertEquals(0x8, close.opcode());
            assertEquals(1002, close.closeCode());
        }
    }
}
