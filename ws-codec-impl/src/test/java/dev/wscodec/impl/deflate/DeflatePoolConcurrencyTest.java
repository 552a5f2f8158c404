package dev.wscodec.impl.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared zlib pools serve engines on several threads at once. */
class DeflatePoolConcurrencyTest {

    @Test
    void connectionsOnFourThreadsShareThePoolsSafely() throws Exception {
        int before = ZlibPool.liveDeflaters() + ZlibPool.liveInflaters();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    String[] params = {"server_no_context_takeover", "client_no_context_takeover"};
                    for (int i = 0; i < 150; i++) {
                        PerMessageDeflate server = DeflateTestSupport.server(DeflateConfig.DEFAULT, params);
                        PerMessageDeflate client = DeflateTestSupport.client(DeflateConfig.DEFAULT, params);
                        for (int m = 0; m < 3; m++) {
                            byte[] message = new byte[64 + random.nextInt(20_000)];
                            for (int j = 0; j < message.length; j++) {
                                message[j] = (byte) ('a' + random.nextInt(6));
                            }
                            assertArrayEquals(message, DeflateTestSupport.decode(server,
                                    DeflateTestSupport.encode(client, message)));
                            assertArrayEquals(message, DeflateTestSupport.decode(client,
                                    DeflateTestSupport.encode(server, message)));
                        }
                        server.release();
                        client.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        int after = ZlibPool.liveDeflaters() + ZlibPool.liveInflaters();
        assertTrue(after - before <= ZlibPool.pooled(), "only pooled instances remain: " + (after - before));
    }
}
