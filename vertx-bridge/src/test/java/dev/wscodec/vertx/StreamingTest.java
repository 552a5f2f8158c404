package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.reactivex.rxjava3.processors.UnicastProcessor;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streaming messages through the bridge, both roles, over real sockets: {@link WsSession#receiveStreams()} and
 * {@link WsSession#sendStream}, against a streaming echo and against whole-message peers.
 */
@ExtendWith(VertxExtension.class)
class StreamingTest {

    static final WsConfig STREAMING = WsConfig.builder().streaming(true).maxFrameSize(Long.MAX_VALUE)
            .maxMessageSize(Long.MAX_VALUE).build();
    static final WsHandler STREAMING_ECHO = s -> s.receiveStreams().concatMapCompletable(s::sendStream, 1);

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
    }

    private int streamingServer(WsHandler handler) throws Exception {
        return TestSupport.deploy(vertx, TestSupport.serverOptions().setCodecConfig(STREAMING), handler);
    }

    private WsSession connect(int port, WsConfig config) {
        return WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(config))
                .connect("ws://127.0.0.1:" + port + "/").timeout(10, TimeUnit.SECONDS).blockingGet();
    }

    /** {@code n} chunks of {@code size} bytes, made as they are requested, each byte a function of its offset. */
    static Flowable<ByteBuffer> pattern(long n, int size) {
        return Flowable.rangeLong(0, n).map(i -> {
            byte[] b = new byte[size];
            long base = i * size;
            for (int k = 0; k < size; k++) {
                b[k] = (byte) ((base + k) * 31 >>> 3);
            }
            return ByteBuffer.wrap(b);
        });
    }

    static long crc(Flowable<ByteBuffer> chunks) {
        CRC32 crc = new CRC32();
        chunks.blockingForEach(crc::update);
        return crc.getValue();
    }

    @Test
    void aLargeMessageStreamsThroughBothWaysAndMessagesStayInOrder() throws Exception {
        int port = streamingServer(STREAMING_ECHO);
        WsSession client = connect(port, STREAMING);
        long[] sums = new long[3];
        long[] sizes = new long[3];
        io.reactivex.rxjava3.observers.TestObserver<List<Long>> got = client.receiveStreams().take(3)
                .concatMapSingle(m -> {
                    CRC32 crc = new CRC32();
                    long[] n = {0};
                    return m.chunks().doOnNext(b -> {
                        n[0] += b.remaining();
                        crc.update(b);
                    }).ignoreElements().toSingle(() -> n[0] * 1_000_000_007L + crc.getValue() + m.opcode().code());
                }).toList().test();
        Flowable<ByteBuffer> big = pattern(64, 1024 * 1024);
        CRC32 expected = new CRC32();
        pattern(64, 1024 * 1024).blockingForEach(expected::update);
        client.sendStream(Opcode.BINARY, big)
                .andThen(client.sendStream(Opcode.TEXT, Flowable.empty()))
                .andThen(client.send(TextMessage.of("after")))
                .timeout(60, TimeUnit.SECONDS).blockingAwait();
        got.awaitDone(60, TimeUnit.SECONDS).assertComplete();
        CRC32 after = new CRC32();
        after.update("after".getBytes(StandardCharsets.UTF_8));
        CRC32 empty = new CRC32();
        assertEquals(List.of(64L * 1024 * 1024 * 1_000_000_007L + expected.getValue() + Opcode.BINARY.code(),
                empty.getValue() + Opcode.TEXT.code(),
                5L * 1_000_000_007L + after.getValue() + Opcode.TEXT.code()), got.values().get(0));
        client.close().timeout(10, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void textSplitInsideCharactersIsValidatedAndDecodedAcrossChunks() throws Exception {
        int port = streamingServer(STREAMING_ECHO);
        WsSession client = connect(port, TestSupport.bigMessages(TestSupport.MIB)); // a whole-message client
        String text = "h\u00e9llo \u20ac \ud83d\ude00 w\u00f6rld".repeat(50);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // One byte per chunk: every character of two or more bytes is split, at every offset.
        Flowable<ByteBuffer> bytes = Flowable.range(0, utf8.length).map(i -> ByteBuffer.wrap(utf8, i, 1));
        var got = client.receive().firstOrError().test();
        client.sendStream(Opcode.TEXT, bytes).timeout(20, TimeUnit.SECONDS).blockingAwait();
        Message echoed = got.awaitDone(20, TimeUnit.SECONDS).values().get(0);
        assertEquals(text, ((TextMessage) echoed).text());

        // And a streaming receiver decodes the same split chunks to the same text.
        int port2 = streamingServer(s -> s.receiveStreams().concatMapCompletable(m -> m.text().toList()
                .flatMapCompletable(parts -> s.sendText(String.join("", parts) + "|" + parts.size())), 1));
        WsSession client2 = connect(port2, TestSupport.bigMessages(TestSupport.MIB));
        var reply = client2.receiveText().firstOrError().test();
        client2.sendStream(Opcode.TEXT, Flowable.range(0, utf8.length).map(i -> ByteBuffer.wrap(utf8, i, 1)))
                .timeout(20, TimeUnit.SECONDS).blockingAwait();
        String r = reply.awaitDone(20, TimeUnit.SECONDS).values().get(0);
        assertEquals(text, r.substring(0, r.lastIndexOf('|')));
    }

    @Test
    void invalidUtf8InAStreamedTextClosesWith1011AndFailsTheSend() throws Exception {
        PublishProcessor<CloseStatus> seen = PublishProcessor.create();
        var status = seen.firstOrError().test();
        int port = streamingServer(s -> {
            s.onClose().subscribe(seen::onNext);
            return s.receiveStreams().concatMapCompletable(m -> m.chunks().ignoreElements(), 1);
        });
        WsSession client = connect(port, STREAMING);
        client.receiveStreams().subscribe(m -> m.chunks().subscribe(), e -> { });
        byte[] bad = {(byte) 0xC3}; // the first byte of a two-byte character, then ASCII
        Throwable error = client.sendStream(Opcode.TEXT, Flowable.just(ByteBuffer.wrap("ok".getBytes()),
                ByteBuffer.wrap(bad), ByteBuffer.wrap("x".getBytes())))
                .timeout(10, TimeUnit.SECONDS).materialize().blockingGet().getError();
        assertInstanceOf(IllegalArgumentException.class, error);
        assertTrue(error.getMessage().contains("not valid UTF-8"), error.getMessage());
        assertEquals(CloseStatus.INTERNAL_ERROR,
                client.onClose().timeout(10, TimeUnit.SECONDS).blockingGet().code());
        assertEquals(CloseStatus.INTERNAL_ERROR, status.awaitDone(10, TimeUnit.SECONDS).values().get(0).code());
    }

    @Test
    void aSourceThatFailsBeforeItsFirstChunkLeavesTheSessionOpenAndAfterItClosesWith1011() throws Exception {
        int port = streamingServer(STREAMING_ECHO);
        WsSession client = connect(port, TestSupport.bigMessages(TestSupport.MIB));
        var echoes = client.receive().test();
        Throwable early = client.sendStream(Opcode.BINARY, Flowable.error(new IllegalStateException("no data")))
                .timeout(10, TimeUnit.SECONDS).materialize().blockingGet().getError();
        assertEquals("no data", early.getMessage());
        assertTrue(client.isOpen());
        client.send(BinaryMessage.of(new byte[] {1, 2, 3})).timeout(10, TimeUnit.SECONDS).blockingAwait();
        assertTrue(echoes.awaitCount(1).values().size() == 1, "the session still echoes");

        Throwable late = client.sendStream(Opcode.BINARY, Flowable.just(ByteBuffer.wrap(new byte[] {9}))
                .concatWith(Flowable.error(new IllegalStateException("broke"))))
                .timeout(10, TimeUnit.SECONDS).materialize().blockingGet().getError();
        assertEquals("broke", late.getMessage());
        assertEquals(CloseStatus.INTERNAL_ERROR, client.onClose().timeout(10, TimeUnit.SECONDS).blockingGet().code(),
                "half a message was sent: the session closes with 1011");
    }

    @Test
    void otherSendsWaitUntilTheStreamedMessageEnds() throws Exception {
        int port = streamingServer(STREAMING_ECHO);
        WsSession client = connect(port, TestSupport.bigMessages(TestSupport.MIB));
        var echoes = client.receive().take(2).toList().test();
        UnicastProcessor<ByteBuffer> source = UnicastProcessor.create();
        var streamed = client.sendStream(Opcode.TEXT, source).test();
        TestSupport.eventually(Duration.ofSeconds(5), source::hasSubscribers);
        source.onNext(ByteBuffer.wrap("first ".getBytes()));
        var whole = client.sendText("second").test(); // issued while the first message is half sent
        Thread.sleep(200);
        whole.assertNotComplete();
        source.onNext(ByteBuffer.wrap("message".getBytes()));
        source.onComplete();
        streamed.awaitDone(10, TimeUnit.SECONDS).assertComplete();
        whole.awaitDone(10, TimeUnit.SECONDS).assertComplete();
        List<Message> got = echoes.awaitDone(10, TimeUnit.SECONDS).values().get(0);
        assertEquals("first message", ((TextMessage) got.get(0)).text());
        assertEquals("second", ((TextMessage) got.get(1)).text());
    }

    @Test
    void aCancelledMessageIsDroppedAndTheNextOneArrives() throws Exception {
        int port = streamingServer(s -> s.receiveStreams().concatMapCompletable(m -> {
            if (m.opcode() == Opcode.BINARY) {
                return m.chunks().take(1).ignoreElements(); // cancels the rest of the message
            }
            return s.sendStream(m);
        }, 1));
        WsSession client = connect(port, STREAMING);
        var got = client.receiveStreams().firstOrError().flatMap(m -> m.text().toList()).test();
        client.sendStream(Opcode.BINARY, pattern(16, 256 * 1024))
                .andThen(client.sendText("next"))
                .timeout(20, TimeUnit.SECONDS).blockingAwait();
        assertEquals("next", String.join("", got.awaitDone(20, TimeUnit.SECONDS).values().get(0)));
    }

    @Test
    void theConnectionEndingInsideAMessageFailsItsChunks() throws Exception {
        PublishProcessor<Throwable> chunkError = PublishProcessor.create();
        var error = chunkError.firstOrError().test();
        int port = streamingServer(s -> s.receiveStreams().concatMapCompletable(m -> m.chunks().ignoreElements()
                .doOnError(chunkError::onNext).onErrorComplete(), 1));
        WsSession client = connect(port, STREAMING);
        UnicastProcessor<ByteBuffer> source = UnicastProcessor.create();
        client.sendStream(Opcode.BINARY, source).onErrorComplete().subscribe();
        TestSupport.eventually(Duration.ofSeconds(5), source::hasSubscribers);
        source.onNext(ByteBuffer.wrap(new byte[1000]));
        client.close(CloseStatus.GOING_AWAY, "bye").timeout(10, TimeUnit.SECONDS).blockingAwait();
        Throwable t = error.awaitDone(10, TimeUnit.SECONDS).values().get(0);
        assertInstanceOf(WsClosedException.class, t);
        assertTrue(t.getMessage().contains("before the message ended"), t.getMessage());
    }

    @Test
    void receiveIsRefusedWhenStreamingAndReceiveStreamsWrapsWholeMessages() throws Exception {
        int port = streamingServer(s -> s.receive().ignoreElements());
        WsSession client = connect(port, STREAMING);
        client.receiveStreams().subscribe(m -> m.chunks().subscribe(), e -> { });
        assertEquals(CloseStatus.INTERNAL_ERROR, client.onClose().timeout(10, TimeUnit.SECONDS).blockingGet().code(),
                "the handler's receive() failed: 1011");

        int whole = TestSupport.deploy(vertx, TestSupport.serverOptions(),
                s -> s.receiveStreams().concatMapCompletable(s::sendStream, 1));
        WsSession c = connect(whole, WsConfig.DEFAULT);
        var got = c.receive().take(2).toList().test();
        c.send(BinaryMessage.of(new byte[] {5, 6})).andThen(c.sendText("")).timeout(10, TimeUnit.SECONDS)
                .blockingAwait();
        List<Message> echoed = got.awaitDone(10, TimeUnit.SECONDS).values().get(0);
        assertArrayEquals(new byte[] {5, 6}, ((BinaryMessage) echoed.get(0)).toByteArray());
        assertEquals("", ((TextMessage) echoed.get(1)).text());
        Throwable refused = WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(STREAMING))
                .connect("ws://127.0.0.1:" + whole + "/").timeout(10, TimeUnit.SECONDS).blockingGet()
                .receive().ignoreElements().timeout(5, TimeUnit.SECONDS).materialize().blockingGet().getError();
        assertInstanceOf(IllegalStateException.class, refused);
        assertTrue(refused.getMessage().contains("receiveStreams()"), refused.getMessage());
    }

}
