package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Echo over real sockets with the project's client and with the JDK's WebSocket client. */
@ExtendWith(VertxExtension.class)
class EchoTest {

    private static final WsHandler ECHO = session -> session.send(session.receive());

    private Vertx vertx;
    private int port;
    private WsClient client;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        WsServerOptions options = TestSupport.serverOptions()
                .setCodecConfig(TestSupport.bigMessages(16 * TestSupport.MIB).toBuilder()
                        .subprotocols("chat.v2", "chat.v1").build())
                .setMaxQueuedOutboundBytes(32 * TestSupport.MIB);
        port = TestSupport.deploy(vertx, options, ECHO);
        client = WsClient.create(vertx, TestSupport.clientOptions()
                .setCodecConfig(TestSupport.bigMessages(16 * TestSupport.MIB)));
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    @Test
    void echoesTextAndBinaryWithTheProjectsClient() {
        WsSession session = client.connect(url("/echo")).timeout(5, TimeUnit.SECONDS).blockingGet();
        List<Message> sent = List.of(TextMessage.of("hello"), BinaryMessage.of(new byte[] {1, 2, 3}),
                TextMessage.of("héllo wörld ✓"), BinaryMessage.of(new byte[0]));
        List<Message> got = session.send(Flowable.fromIterable(sent))
                .andThen(session.receive().take(sent.size()))
                .toList().timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals(sent, got);
        session.close(1000, "done").timeout(5, TimeUnit.SECONDS).blockingAwait();
        assertEquals(new CloseStatus(1000, "done"), session.closeStatus().orElseThrow());
        assertNull(session.subprotocol());
    }

    @Test
    void smallAndLargeMessagesInOneBurstKeepTheirOrder() {
        // Small frames are gathered into one buffer per flush, large ones written as they are: the order must hold
        // across both ways, in the client's writes and in the server's echoes of one read.
        WsSession session = client.connect(url("/burst")).timeout(5, TimeUnit.SECONDS).blockingGet();
        Random random = new Random(11);
        int[] sizes = {0, 1, 125, 126, 8 * 1024 - 4, 8 * 1024, 8 * 1024 + 1, 20_000, 3, 65_536, 2, 70_000, 1};
        List<Message> sent = new java.util.ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int size : sizes) {
                byte[] b = new byte[size];
                random.nextBytes(b);
                sent.add(round % 2 == 0 ? BinaryMessage.of(b) : TextMessage.of("t".repeat(size)));
            }
        }
        TestObserver<List<Message>> got = session.receive().take(sent.size()).toList().test();
        session.send(Flowable.fromIterable(sent)).timeout(10, TimeUnit.SECONDS).blockingAwait();
        got.awaitDone(10, TimeUnit.SECONDS).assertNoErrors();
        assertEquals(sent, got.values().get(0));
    }

    @Test
    void aWorkerVerticleServesOnItsWorkerThreads() throws Exception {
        // A worker context is not the channel's event loop: reads, timers and the handler's calls hop onto the
        // worker, writes go to the event loop; messages of every size still echo in order.
        Set<String> threads = ConcurrentHashMap.newKeySet();
        WsServerVerticle[] verticle = new WsServerVerticle[1];
        vertx.deployVerticle(() -> verticle[0] = new WsServerVerticle(TestSupport.serverOptions()
                        .setCodecConfig(TestSupport.bigMessages(TestSupport.MIB)), session -> {
                    threads.add(Thread.currentThread().getName());
                    return session.send(session.receive().doOnNext(m -> threads.add(Thread.currentThread().getName())));
                }), new io.vertx.core.DeploymentOptions().setThreadingModel(io.vertx.core.ThreadingModel.WORKER))
                .await(10, TimeUnit.SECONDS);
        int workerPort = verticle[0].server().actualPort();
        WsSession session = client.connect("ws://127.0.0.1:" + workerPort + "/worker").timeout(5, TimeUnit.SECONDS)
                .blockingGet();
        List<Message> sent = new java.util.ArrayList<>();
        for (int size : new int[] {1, 125, 5000, 70_000, 3, 600_000, 0}) {
            sent.add(BinaryMessage.of(new byte[size]));
            sent.add(TextMessage.of("w".repeat(size)));
        }
        TestObserver<List<Message>> got = session.receive().take(sent.size()).toList().test();
        session.send(Flowable.fromIterable(sent)).timeout(10, TimeUnit.SECONDS).blockingAwait();
        got.awaitDone(10, TimeUnit.SECONDS).assertNoErrors();
        assertEquals(sent, got.values().get(0));
        session.close(1000, "done").timeout(5, TimeUnit.SECONDS).blockingAwait();
        assertEquals(new CloseStatus(1000, "done"), session.closeStatus().orElseThrow());
        assertTrue(!threads.isEmpty() && threads.stream().allMatch(t -> t.startsWith("vert.x-worker-thread")),
                "the handler and its messages ran on worker threads: " + threads);
    }

    @Test
    void echoesSixteenMebibyteMessages() {
        WsSession session = client.connect(url("/big")).timeout(5, TimeUnit.SECONDS).blockingGet();
        byte[] data = new byte[16 * TestSupport.MIB];
        new Random(7).nextBytes(data);
        String text = "x".repeat(16 * TestSupport.MIB - 11) + "ünïcödé"; // exactly the 16 MiB limit
        // Receive while sending: the echo of the first message flows back while the second is still being sent.
        TestObserver<Void> sending = session.send(Flowable.just(BinaryMessage.wrap(data), TextMessage.of(text)))
                .test();
        List<Message> got = session.receive().take(2).toList().timeout(60, TimeUnit.SECONDS).blockingGet();
        sending.awaitDone(10, TimeUnit.SECONDS).assertComplete();
        assertArrayEquals(data, ((BinaryMessage) got.get(0)).toByteArray());
        assertEquals(text, ((TextMessage) got.get(1)).text());
        session.close().timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void selectsTheServersPreferredSubprotocolAmongTheOffered() {
        WsSession session = client.connect(url("/p"), List.of("chat.v1", "chat.v2", "other"), HttpHeaders.EMPTY)
                .timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals("chat.v2", session.subprotocol());
        WsSession none = client.connect(url("/p"), List.of("other"), HttpHeaders.EMPTY)
                .timeout(5, TimeUnit.SECONDS).blockingGet();
        assertNull(none.subprotocol());
        session.close().andThen(none.close()).timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void echoesForTheJdkClientIncludingFragmentedMessages() throws Exception {
        Collector listener = new Collector(3);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("chat.v1")
                .buildAsync(URI.create(url("/jdk")), listener).get(5, TimeUnit.SECONDS);
        assertEquals("chat.v1", ws.getSubprotocol());
        ws.sendText("whole", true).get(5, TimeUnit.SECONDS);
        ws.sendText("frag", false).get(5, TimeUnit.SECONDS);
        ws.sendText("men", false).get(5, TimeUnit.SECONDS);
        ws.sendText("ted ✓", true).get(5, TimeUnit.SECONDS);
        byte[] bin = new byte[70_000];
        new Random(1).nextBytes(bin);
        ws.sendBinary(ByteBuffer.wrap(bin, 0, 30_000), false).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(bin, 30_000, 40_000), true).get(5, TimeUnit.SECONDS);
        List<Object> got = listener.messages.get(10, TimeUnit.SECONDS);
        assertEquals("whole", got.get(0));
        assertEquals("fragmented ✓", got.get(1));
        assertArrayEquals(bin, (byte[]) got.get(2));
        ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertEquals(1000, listener.closeCode.get(5, TimeUnit.SECONDS));
    }

    @Test
    void serverClosesWhenTheHandlerCompletes() throws Exception {
        int p = TestSupport.deploy(vertx, TestSupport.serverOptions(),
                session -> session.sendText("bye").andThen(session.close(4000, "finished")));
        WsSession session = client.connect("ws://127.0.0.1:" + p + "/").timeout(5, TimeUnit.SECONDS).blockingGet();
        List<Message> got = session.receive().toList().timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals(List.of(TextMessage.of("bye")), got);
        CloseStatus status = session.onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals(new CloseStatus(4000, "finished"), status);
    }

    @Test
    void negotiatesPermessageDeflateAndEchoesCompressedMessages() throws Exception {
        WsConfig deflate = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        int p = TestSupport.deploy(vertx, TestSupport.serverOptions().setCodecConfig(deflate), ECHO);
        WsClient deflating = WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(deflate));
        WsSession session = deflating.connect("ws://127.0.0.1:" + p + "/z").timeout(5, TimeUnit.SECONDS)
                .blockingGet();
        assertEquals("permessage-deflate", session.extensions().get(0).name());
        List<Message> sent = List.of(TextMessage.of("compress me ".repeat(1000)), TextMessage.of("tiny"),
                BinaryMessage.of(new byte[100_000]));
        List<Message> got = session.send(Flowable.fromIterable(sent)).andThen(session.receive().take(3))
                .toList().timeout(5, TimeUnit.SECONDS).blockingGet();
        assertEquals(sent, got);
        session.close().timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void severalVerticleInstancesShareOnePort() throws Exception {
        int shared = TestSupport.freePort();
        Set<String> loops = ConcurrentHashMap.newKeySet();
        TestSupport.deploy(vertx, TestSupport.serverOptions().setPort(shared), WsAcceptHook.ACCEPT_ALL, session -> {
            loops.add(Thread.currentThread().getName());
            return session.sendText(Thread.currentThread().getName()).andThen(session.close());
        }, 4);
        for (int i = 0; i < 12; i++) {
            WsSession s = client.connect("ws://127.0.0.1:" + shared + "/").timeout(5, TimeUnit.SECONDS)
                    .blockingGet();
            Message m = s.receive().firstOrError().timeout(5, TimeUnit.SECONDS).blockingGet();
            assertInstanceOf(TextMessage.class, m);
            s.onClose().timeout(5, TimeUnit.SECONDS).blockingGet();
        }
        assertTrue(loops.size() > 1, "connections spread over several event loops: " + loops);
    }

    /** Reassembles the JDK client's received messages. */
    private static final class Collector implements WebSocket.Listener {
        final CompletableFuture<List<Object>> messages = new CompletableFuture<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final List<Object> got = new java.util.ArrayList<>();
        private final int expected;
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bin.writeBytes(b);
            if (last) {
                add(bin.toByteArray());
                bin.reset();
            }
            ws.request(1);
            return null;
        }

        private void add(Object o) {
            got.add(o);
            if (got.size() == expected) {
                messages.complete(List.copyOf(got));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            messages.completeExceptionally(error);
            closeCode.completeExceptionally(error);
        }
    }

}
