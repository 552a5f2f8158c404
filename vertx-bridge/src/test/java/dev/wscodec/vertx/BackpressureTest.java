package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Message;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;

/** Backpressure down to TCP both ways, asserted as bounded quantities (bytes, requests, heap), not timings. */
@ExtendWith(VertxExtension.class)
class BackpressureTest {

    private static final int MIB = TestSupport.MIB;

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Counts received bytes and drops the messages; requests only what the test asks for. */
    static final class SlowReader implements FlowableSubscriber<Message> {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong messages = new AtomicLong();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicReference<Subscription> subscription = new AtomicReference<>();

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
            s.request(1);
        }

        @Override
        public void onNext(Message m) {
            bytes.addAndGet(m.length());
            messages.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Waits until {@code counter} stops moving for {@code quiet}, at most {@code max}; returns its value. */
    static long awaitStall(LongSupplier counter, Duration quiet, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        long last = counter.getAsLong();
        long lastChange = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(50);
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange >= quiet.toNanos()) {
                return now;
            }
        }
        throw new AssertionError("The counter did not stall within " + max + "; it reached " + last);
    }

    @Test
    void aSlowReaderPausesTheSocketWhileAClientSends256MiB() throws Exception {
        SlowReader reader = new SlowReader();
        WsServerOptions options = TestSupport.serverOptions().setCodecConfig(TestSupport.bigMessages(MIB));
        int port = TestSupport.deploy(vertx, options, session -> Completable.create(e ->
                session.receive().subscribe(reader)));
        long heapBefore = usedHeapAfterGc();
        byte[] frame = RawClient.frame(true, 0x2, new byte[MIB]);
        int frames = 256;
        AtomicLong sent = new AtomicLong();
        try (RawClient raw = new RawClient(port)) {
            raw.socket.setSoTimeout(60_000);
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < frames; i++) {
                        raw.out.write(frame);
                        sent.addAndGet(frame.length);
                    }
                    raw.out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // The application requested one message: the sender must be stopped by TCP far below 256 MiB.
            long stalledAt = awaitStall(sent::get, Duration.ofMillis(700), Duration.ofSeconds(30));
            assertTrue(stalledAt < 64L * MIB, "the sender was stopped early, after " + stalledAt + " bytes");
            assertEquals(1, reader.messages.get(), "only the requested message was delivered");
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertTrue(heapGrowth < 48L * MIB, "server heap stayed bounded; it grew by " + heapGrowth);

            reader.subscription.get().request(Long.MAX_VALUE); // now read everything
            sending.get(60, TimeUnit.SECONDS);
            assertTrue(TestSupport.eventually(Duration.ofSeconds(60), () -> reader.messages.get() == frames));
            assertEquals((long) frames * MIB, reader.bytes.get());
        }
    }

    @Test
    void sendRequestsOnlyWhatTheWriteQueueTakesFromAPeerThatDoesNotRead() throws Exception {
        AtomicLong requested = new AtomicLong();
        int size = 16 * 1024;
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(), session -> session.send(
                Flowable.range(0, 1_000_000).doOnRequest(requested::addAndGet)
                        .map(i -> BinaryMessage.wrap(new byte[size]))));
        long heapBefore = usedHeapAfterGc();
        try (RawClient raw = new RawClient(port, 16 * 1024)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            // The client reads nothing more: the server's requests must stop once TCP and the write queue are full.
            long stalledAt = awaitStall(requested::get, Duration.ofMillis(700), Duration.ofSeconds(30));
            assertTrue(stalledAt * size < 32L * MIB, "requests stopped early, after " + stalledAt + " messages");
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertTrue(heapGrowth < 48L * MIB, "server heap stayed bounded; it grew by " + heapGrowth);
            // Reading again resumes the flow.
            byte[] sink = new byte[64 * 1024];
            for (int i = 0; i < 200; i++) {
                raw.in.read(sink);
            }
            assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> requested.get() > stalledAt));
        }
    }

    @Test
    void convenienceSendsBeyondTheOutboundLimitCloseWith1008() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        WsServerOptions options = TestSupport.serverOptions().setMaxQueuedOutboundBytes(MIB)
                .setCloseTimeout(Duration.ofMillis(300));
        int port = TestSupport.deploy(vertx, options, session -> Flowable.range(0, 10_000)
                // All sends at once, none waiting for the previous one: the non-reactive misuse the limit guards.
                .flatMapCompletable(i -> session.sendBinary(new byte[64 * 1024]), false, Integer.MAX_VALUE)
                .doOnError(error::complete));
        try (RawClient raw = new RawClient(port, 16 * 1024)) {
            assertTrue(raw.handshake("/").startsWith("HTTP/1.1 101 "));
            Throwable e = error.get(10, TimeUnit.SECONDS);
            WsClosedException closed = assertInstanceOf(WsClosedException.class, e);
            assertEquals(1008, closed.status().code());
            assertEquals("The outbound queue limit was exceeded.", closed.status().reason());
            assertTrue(raw.awaitEndOfStream(), "the close timeout ended the connection to the non-reading peer");
        }
    }
}
