package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code echo --streaming} with {@code --max-message 2^63-1} and a 64 MiB heap, tried from outside as a
 * user would, with the JDK's WebSocket client: a 512 MiB message sent in 1 MiB fragments comes back byte for byte,
 * read as it arrives (the client never holds it either).
 */
class StreamingEchoIT {

    private static final int FRAGMENT = 1024 * 1024;
    private static final int FRAGMENTS = 512;

    @Test
    void aMessageEightTimesTheServersHeapIsEchoedAsItArrives() throws Exception {
        try (JarProcess echo = JarProcess.startWithJvmOptions(List.of("-Xmx64m"), "echo", "--streaming",
                "--max-message", Long.toString(Long.MAX_VALUE), "--port", "0", "--host", "127.0.0.1")) {
            int port = Integer.parseInt(echo.awaitLine("Echo server on ws://127\\.0\\.0\\.1:(\\d+)/, any path, 1 "
                    + "instance\\(s\\), streaming, max message 9223372036854775807 bytes", 30).group(1));
            CRC32 received = new CRC32();
            long[] count = {0};
            CompletableFuture<Void> done = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/big"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                            count[0] += data.remaining();
                            received.update(data);
                            if (last) {
                                done.complete(null);
                            }
                            w.request(1);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket w, Throwable error) {
                            done.completeExceptionally(error);
                        }
                    }).get(10, TimeUnit.SECONDS);
            CRC32 sent = new CRC32();
            byte[] fragment = new byte[FRAGMENT];
            for (int i = 0; i < FRAGMENTS; i++) {
                for (int k = 0; k < FRAGMENT; k++) {
                    fragment[k] = (byte) ((i * 131 + k) * 7 >>> 2);
                }
                sent.update(fragment);
                // Each send waits for the previous one: the JDK client has one send outstanding at a time.
                ws.sendBinary(ByteBuffer.wrap(fragment.clone()), i == FRAGMENTS - 1).get(60, TimeUnit.SECONDS);
            }
            done.get(120, TimeUnit.SECONDS);
            assertEquals((long) FRAGMENT * FRAGMENTS, count[0], "every byte came back");
            assertEquals(sent.getValue(), received.getValue(), "the same bytes, in order");
            ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
            assertTrue(!echo.transcript().contains("OutOfMemoryError"), echo.transcript());
        }
    }
}
