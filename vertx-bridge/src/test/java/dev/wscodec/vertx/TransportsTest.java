package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge on each of Vert.x's transports: the JDK's NIO (the default), and the native epoll and io_uring ones
 * (Linux). The bridge's transport layer drives Netty's channel itself (reads on demand with auto-read off, the
 * outbound buffer's pending bytes, writability), so each transport gets an echo of every payload-length encoding,
 * backpressure from a reader that stops requesting down to the sender, and a close handshake.
 */
class TransportsTest {

    private static final int MIB = TestSupport.MIB;
    private Vertx vertx;

    @AfterEach
    void tearDown() throws Exception {
        if (vertx != null) {
            vertx.close().await(20, TimeUnit.SECONDS);
        }
    }

    private static Transport transport(String name) {
        Transport t = switch (name) {
            case "nio" -> Transport.NIO;
            case "epoll" -> Transport.EPOLL;
            case "io_uring" -> Transport.IO_URING;
            default -> throw new IllegalArgumentException(name);
        };
        boolean linuxX64 = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
        // The native libraries are test dependencies for Linux x86_64: there, a missing transport is a failure.
        if (linuxX64) {
            assertTrue(t.available(), () -> name + " is not available: " + t.unavailabilityCause());
        } else {
            org.junit.jupiter.api.Assumptions.assumeTrue(t.available(), name + " is not available here");
        }
        return t;
    }

    private Vertx start(String name) {
        Transport transport = transport(name);
        vertx = Vertx.builder().withTransport(transport).build();
        assertEquals(transport.implementation().getClass(), ((VertxInternal) vertx).transport().getClass());
        return vertx;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void echoesEveryPayloadLengthEncodingAndClosesCleanly(String name) throws Exception {
        start(name);
        AtomicLong serverClose = new AtomicLong(-1);
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCodecConfig(TestSupport.bigMessages(MIB)),
                session -> {
                    session.onClose().subscribe(s -> serverClose.set(s.code()), e -> { });
                    return session.send(session.receive());
                });
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(
                TestSupport.bigMessages(MIB)));
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        // RFC 6455 §5.2: 7-bit, 16-bit and 64-bit payload lengths, at and around each boundary.
        int[] sizes = {0, 1, 125, 126, 127, 65_535, 65_536, 65_537, MIB};
        Random random = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        for (int size : sizes) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            sent.add(b);
        }
        TestSubscriber<Message> received = session.receive().take(sizes.length).test();
        session.send(Flowable.fromIterable(sent).map(BinaryMessage::of)).blockingAwait(10, TimeUnit.SECONDS);
        assertTrue(received.await(10, TimeUnit.SECONDS), "all echoes within 10 s");
        received.assertComplete().assertValueCount(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(sent.get(i), ((BinaryMessage) received.values().get(i)).toByteArray(), "size " + sizes[i]);
        }
        session.close(CloseStatus.NORMAL_CLOSURE, "bye").blockingAwait(10, TimeUnit.SECONDS);
        CloseStatus status = session.onClose().timeout(10, TimeUnit.SECONDS).blockingGet();
        assertEquals(CloseStatus.NORMAL_CLOSURE, status.code());
        assertTrue(TestSupport.eventually(Duration.ofSeconds(5), () -> serverClose.get() == CloseStatus.NORMAL_CLOSURE),
                "the server saw the client's close: " + serverClose.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void aReaderThatStopsRequestingStopsTheSenderThroughTcp(String name) throws Exception {
        start(name);
        int messages = 256;
        AtomicLong produced = new AtomicLong();
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCodecConfig(TestSupport.bigMessages(MIB)),
                session -> session.send(Flowable.range(0, messages).map(i -> {
                    produced.incrementAndGet();
                    byte[] b = new byte[MIB];
                    b[0] = (byte) i.intValue();
                    return BinaryMessage.of(b);
                })));
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(
                TestSupport.bigMessages(MIB)));
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        TestSubscriber<Message> reader = session.receive().test(1);
        long stalled = BackpressureTest.awaitStall(produced::get, Duration.ofMillis(700), Duration.ofSeconds(30));
        // One message requested: the server's producer is stopped by TCP far below 256 MiB.
        assertTrue(stalled < 64, "the sender was stopped after " + stalled + " messages of 1 MiB");
        reader.requestMore(Long.MAX_VALUE);
        assertTrue(reader.await(30, TimeUnit.SECONDS), "the rest within 30 s");
        reader.assertComplete().assertValueCount(messages);
        for (int i = 0; i < messages; i++) {
            assertEquals((byte) i, ((BinaryMessage) reader.values().get(i)).toByteArray()[0], "message " + i);
        }
    }
}
