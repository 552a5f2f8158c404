package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Opcode;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a 1 GiB message echoed through a streaming echo handler keeps the server's heap under 64 MiB. The
 * server runs in a JVM of its own with {@code -Xmx64m} (it could not hold the message, nor a tenth of it); the
 * client streams the message out and the echo back in, checking every byte by CRC.
 */
class StreamingMemoryTest {

    private static final int CHUNK = 256 * 1024;
    private static final long CHUNKS = 4096; // 1 GiB

    @Test
    void aOneGibMessageIsEchoedByAServerWithA64MibHeap() throws Exception {
        try (ForkedServer.Handle server = new ForkedServer.Handle(List.of("-Xmx64m", "-XX:+UseSerialGC"),
                "streaming=true", "maxMessage=" + Long.MAX_VALUE)) {
            Vertx vertx = Vertx.vertx();
            try {
                WsSession client = WsClient.create(vertx, TestSupport.clientOptions()
                                .setCodecConfig(StreamingTest.STREAMING))
                        .connect("ws://127.0.0.1:" + server.port + "/").timeout(20, TimeUnit.SECONDS).blockingGet();
                CRC32 sent = new CRC32();
                Flowable<ByteBuffer> out = StreamingTest.pattern(CHUNKS, CHUNK)
                        .doOnNext(b -> sent.update(b.duplicate()));
                Single<long[]> echoed = client.receiveStreams().firstOrError().flatMap(m -> {
                    CRC32 crc = new CRC32();
                    long[] n = {0};
                    return m.chunks().doOnNext(b -> {
                        n[0] += b.remaining();
                        crc.update(b);
                    }).ignoreElements().toSingle(() -> new long[] {n[0], crc.getValue()});
                }).cache();
                echoed.subscribe((r, e) -> { });
                client.sendStream(Opcode.BINARY, out).timeout(240, TimeUnit.SECONDS).blockingAwait();
                long[] got = echoed.timeout(240, TimeUnit.SECONDS).blockingGet();
                assertEquals(CHUNKS * CHUNK, got[0], "every byte came back");
                assertEquals(sent.getValue(), got[1], "and the same bytes");
                Map<String, Long> stats = server.stats();
                assertEquals(1L, stats.get("received"));
                assertTrue(stats.get("heap") < 32L * 1024 * 1024, "the server's heap after GC: " + stats);
                assertTrue(!server.log().contains("OutOfMemoryError"), server.log());
                client.close().timeout(10, TimeUnit.SECONDS).blockingAwait();
            } finally {
                vertx.close().await(20, TimeUnit.SECONDS);
            }
        }
    }
}
