package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.impl.rx.Probes;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11 §1: a client that floods pings and never reads the pongs. The engine's pongs count toward
 * {@code maxQueuedOutboundBytes}: the server stops reading the flooder once more than the limit waits to be written,
 * so what it holds for the flooder stays within the limit (plus one read's worth of pongs, at most 16 frames); the
 * write-stall timeout then drops it; a well-behaved client is served byte for byte throughout.
 */
@ExtendWith(VertxExtension.class)
class PingFloodTest {

    static final int LIMIT = 64 * 1024;
    /** What may pass the limit: the pongs of one read (at most 16 frames of 127 bytes) and a close frame. */
    static final int SLACK = 16 * 127 + 256;
    /**
     * The flood is bounded: 1,000,000 pings of 125 bytes (131 MB), far more than the socket buffers hold (Linux
     * lets a loopback receive buffer grow to 32 MB).
     */
    static final int PINGS = 1_000_000;

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
    }

    @Test
    void aPingFlooderThatNeverReadsCostsAtMostTheLimitThenIsDropped() throws Exception {
        List<WsSession> sessions = new CopyOnWriteArrayList<>();
        WsServerOptions options = TestSupport.serverOptions()
                .setCodecConfig(TestSupport.bigMessages(TestSupport.MIB))
                .setMaxQueuedOutboundBytes(LIMIT)
                .setWriteStallTimeout(Duration.ofSeconds(2));
        // A small socket send buffer: the pongs (the engine answers at most 16 pings of each read) back up soon.
        options.getNetServerOptions().setSendBufferSize(16 * 1024);
        int port = TestSupport.deploy(vertx, options, session -> {
            sessions.add(session);
            return session.send(session.receive());
        });

        RawClient flooder = new RawClient(port, 4096);
        flooder.socket.setSoTimeout(30_000);
        assertTrue(flooder.handshake("/").startsWith("HTTP/1.1 101"));
        assertTrue(TestSupport.eventually(Duration.ofSeconds(5), () -> sessions.size() == 1));
        WsSession flooded = sessions.get(0);

        AtomicLong sent = new AtomicLong();
        CompletableFuture<Throwable> flood = CompletableFuture.supplyAsync(() -> {
            byte[] batch = pings(1000);
            try {
                for (int i = 0; i < PINGS / 1000; i++) {
                    flooder.writeRaw(batch);
                    sent.addAndGet(1000);
                }
                return null;
            } catch (IOException e) {
                return e; // the server dropped the flooder
            }
        });

        long max = 0;
        while (!flood.isDone()) {
            max = Math.max(max, Probes.queuedOutboundBytes(flooded));
            Thread.sleep(5);
        }
        max = Math.max(max, Probes.queuedOutboundBytes(flooded));
        assertTrue(max <= LIMIT + SLACK, "the server queued up to " + max + " bytes of pongs for a client that "
                + "never reads; the limit is " + LIMIT);

        // Meanwhile (the flood was bounded in count) a well-behaved client is served byte for byte.
        assertEquals(300_000, echoBytes(port, 300_000));

        Throwable cut = flood.get(60, TimeUnit.SECONDS);
        assertTrue(cut != null, "the flooder wrote all " + PINGS + " pings: the server kept reading a client that "
                + "did not read its pongs");
        assertTrue(sent.get() < PINGS);
        assertTrue(flooder.awaitEndOfStream(), "the write-stall timeout closes the flooder's connection");
        flooder.close();
    }

    /** Pings of 125 bytes each, masked. */
    static byte[] pings(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = new byte[125];
        for (int i = 0; i < n; i++) {
            out.writeBytes(RawClient.frame(true, 0x9, payload));
        }
        return out.toByteArray();
    }

    /** A well-behaved client echoes {@code size} random bytes; returns how many came back equal. */
    private int echoBytes(int port, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(11).nextBytes(data);
        try (RawClient client = new RawClient(port)) {
            assertTrue(client.handshake("/").startsWith("HTTP/1.1 101"));
            client.writeFrame(true, 0x2, data);
            RawClient.Frame echo = client.readFrame();
            assertEquals(0x2, echo.opcode());
            assertArrayEquals(data, echo.payload(), "the echo of another client arrives byte for byte");
            return echo.payload().length;
        }
    }
}
