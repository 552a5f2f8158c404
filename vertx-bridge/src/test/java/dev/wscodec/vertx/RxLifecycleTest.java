package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Rx forms of the life cycle over real sockets: {@code rxListen}/{@code rxClose}, the client's
 * {@code connect(url, handler)} whose session lives as long as the handler, and the text conveniences.
 */
@ExtendWith(VertxExtension.class)
class RxLifecycleTest {

    private Vertx vertx;
    private WsClient client;
    /** The close status each server session ended with, in order of their ends. */
    private final CompletableFuture<CloseStatus> serverClose = new CompletableFuture<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        client = WsClient.create(vertx, TestSupport.clientOptions());
    }

    /** An echo that records how its session ended. */
    private WsHandler recordingEcho() {
        return session -> {
            session.onClose().subscribe(serverClose::complete);
            return session.send(session.receive());
        };
    }

    private String listen(WsHandler handler) {
        WsServer server = WsServer.create(vertx, TestSupport.serverOptions(), handler).rxListen()
                .timeout(20, TimeUnit.SECONDS).blockingGet();
        return "ws://127.0.0.1:" + server.actualPort() + "/";
    }

    private CloseStatus serverCloseStatus() throws Exception {
        return serverClose.get(20, TimeUnit.SECONDS);
    }

    @Test
    void rxListenServesAndRxCloseGoesAwayWith1001() throws Exception {
        WsServer server = WsServer.create(vertx, TestSupport.serverOptions(), recordingEcho());
        assertSame(server, server.rxListen().timeout(20, TimeUnit.SECONDS).blockingGet());
        assertTrue(server.actualPort() > 0);
        WsSession session = client.connect("ws://127.0.0.1:" + server.actualPort() + "/")
                .timeout(20, TimeUnit.SECONDS).blockingGet();
        Flowable<String> replies = session.receiveText().replay().autoConnect(1, d -> { });
        replies.test(); // subscribes before the send
        session.sendText("hello").timeout(20, TimeUnit.SECONDS).blockingAwait();
        assertEquals("hello", replies.firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet());

        Completable close = server.rxClose();
        assertTrue(session.isOpen(), "rxClose() is cold: nothing happens before it is subscribed");
        close.timeout(30, TimeUnit.SECONDS).blockingAwait();
        assertEquals(CloseStatus.GOING_AWAY, session.onClose().timeout(20, TimeUnit.SECONDS).blockingGet().code());
        TestSupport.errorOf(client.connect("ws://127.0.0.1:" + server.actualPort() + "/")); // no longer listening
    }

    @Test
    void rxListenFailsWhenThePortIsTaken() {
        WsServer first = WsServer.create(vertx, TestSupport.serverOptions(), recordingEcho()).rxListen()
                .timeout(20, TimeUnit.SECONDS).blockingGet();
        WsServer second = WsServer.create(vertx, TestSupport.serverOptions().setPort(first.actualPort()),
                recordingEcho());
        Throwable error = TestSupport.errorOf(second.rxListen());
        assertTrue(error.toString().contains("in use") || error.toString().contains("BindException"),
                error.toString());
    }

    @Test
    void connectWithHandlerClosesWith1000WhenTheHandlerCompletes() throws Exception {
        String url = listen(recordingEcho());
        AtomicReference<String> reply = new AtomicReference<>();
        AtomicReference<WsSession> seen = new AtomicReference<>();
        client.connect(url, session -> {
            seen.set(session);
            return session.sendText("hello").andThen(session.receiveText().firstOrError())
                    .doOnSuccess(reply::set).ignoreElement();
        }).timeout(30, TimeUnit.SECONDS).blockingAwait();
        assertEquals("hello", reply.get());
        // The returned Completable completes only once the connection has ended.
        assertEquals(CloseStatus.NORMAL, seen.get().closeStatus().orElseThrow());
        assertEquals(CloseStatus.NORMAL, serverCloseStatus());
    }

    @Test
    void connectWithHandlerClosesWith1011AndFailsWhenTheHandlerFails() throws Exception {
        String url = listen(recordingEcho());
        IllegalStateException boom = new IllegalStateException("The handler gave up.");
        Throwable error = client.connect(url, session -> session.sendText("x").andThen(Completable.error(boom)))
                .timeout(30, TimeUnit.SECONDS).materialize().blockingGet().getError();
        assertSame(boom, error);
        CloseStatus status = serverCloseStatus();
        assertEquals(CloseStatus.INTERNAL_ERROR, status.code());
        assertEquals("Internal error.", status.reason());
    }

    @Test
    void disposingTheConnectClosesWith1001() throws Exception {
        String url = listen(recordingEcho());
        CompletableFuture<WsSession> open = new CompletableFuture<>();
        Disposable d = client.connect(url, session -> {
            open.complete(session);
            return session.receive().ignoreElements(); // would run until the server closes
        }).subscribe();
        WsSession session = open.get(20, TimeUnit.SECONDS);
        d.dispose();
        assertEquals(CloseStatus.GOING_AWAY, serverCloseStatus().code());
        assertEquals(CloseStatus.GOING_AWAY, session.onClose().timeout(20, TimeUnit.SECONDS).blockingGet().code());
    }

    @Test
    void connectWithHandlerFailsWhenTheConnectionCannotOpen() throws Exception {
        int port = TestSupport.freePort(); // nothing listens there
        Throwable error = client.connect("ws://127.0.0.1:" + port + "/", session -> Completable.complete())
                .timeout(30, TimeUnit.SECONDS).materialize().blockingGet().getError();
        assertTrue(error != null && error.toString().contains("onnection refused"), String.valueOf(error));
    }

    @Test
    void receiveTextSkipsBinaryMessagesAndSendTextSendsAPublisher() throws Exception {
        // The server sends a binary message between two texts, and collects the texts it receives.
        CompletableFuture<List<String>> serverGot = new CompletableFuture<>();
        String url = listen(session -> session.send(Flowable.just(TextMessage.of("one"),
                        BinaryMessage.of(new byte[] {1, 2}), TextMessage.of("two")))
                .mergeWith(session.receiveText().take(3).toList().doOnSuccess(serverGot::complete).ignoreElement()));
        AtomicReference<List<String>> got = new AtomicReference<>();
        client.connect(url, session -> session.receiveText().take(2).toList().doOnSuccess(got::set).ignoreElement()
                .mergeWith(session.sendText(Flowable.just("a", "b", "c"))))
                .timeout(30, TimeUnit.SECONDS).blockingAwait();
        assertEquals(List.of("one", "two"), got.get());
        assertEquals(List.of("a", "b", "c"), serverGot.get(20, TimeUnit.SECONDS));
    }
}
