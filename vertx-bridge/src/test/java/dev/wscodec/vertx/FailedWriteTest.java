package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §1: a write that fails fails its connection at once, and only that one. The server runs in a forked JVM
 * whose direct memory (32 MiB) cannot hold the copy Netty makes of a 48 MiB echo: that write fails for real. The
 * connection it belongs to is closed before any byte of the frame (or anything after it, such as a keep-alive ping)
 * goes out, the failure is logged at error level (an {@code OutOfMemoryError} is an {@code Error}), and another
 * connection's echo of 300,000 bytes, sent before and after, arrives byte for byte.
 */
class FailedWriteTest {

    @Test
    void aFailedWriteClosesOnlyItsConnectionAndLeavesNoHalfFrame() throws Exception {
        List<String> jvm = List.of("-Xmx512m", "-XX:MaxDirectMemorySize=32m", "-Dio.netty.maxDirectMemory=33554432");
        try (ForkedServer.Handle server = new ForkedServer.Handle(jvm, "maxMessage=" + (64 * 1024 * 1024));
             RawClient victim = new RawClient(server.port);
             RawClient other = new RawClient(server.port)) {
            assertTrue(victim.handshake("/").startsWith("HTTP/1.1 101"));
            assertTrue(other.handshake("/").startsWith("HTTP/1.1 101"));
            victim.socket.setSoTimeout(30_000);

            byte[] small = new byte[300_000];
            new Random(3).nextBytes(small);
            echoByteForByte(other, small);

            byte[] big = new byte[48 * 1024 * 1024];
            new Random(5).nextBytes(big);
            victim.writeFrame(true, 0x2, big);
            byte[] got = readToEnd(victim.in);
            assertEquals(0, got.length, "the failed frame's connection gets none of its bytes, just the close; got "
                    + got.length + " bytes");

            echoByteForByte(other, small);
            String log = server.log();
            assertTrue(log.contains("ERROR dev.wscodec.vertx.connection - Writing to") && log.contains("failed"),
                    "the failed write is logged at error level with its cause:\n" + log);
        }
    }

    /**
     * The small-frame path: frames up to 8 KiB are copied into one direct buffer per connection before they go down
     * the pipeline. When that copy finds no direct memory (here one connection that reads nothing is sent 16,384 frames of 4 KiB at
     * in one go, gathered for one flush, on a server with 32 MiB of direct memory), the write fails and closes that
     * connection like any failed write, instead of the error reaching whoever wrote (with topics: the fan-out loop).
     */
    @Test
    void noDirectMemoryForTheCopyOfSmallFramesClosesOnlyThatConnection() throws Exception {
        List<String> jvm = List.of("-Xmx256m", "-XX:MaxDirectMemorySize=32m", "-Dio.netty.maxDirectMemory=33554432");
        try (ForkedServer.Handle server = new ForkedServer.Handle(jvm, "maxQueued=" + (128 * 1024 * 1024));
             RawClient victim = new RawClient(server.port, 64 * 1024);
             RawClient other = new RawClient(server.port)) {
            assertTrue(victim.handshake("/").startsWith("HTTP/1.1 101"));
            assertTrue(other.handshake("/").startsWith("HTTP/1.1 101"));
            byte[] small = new byte[3000];
            new Random(7).nextBytes(small);
            echoByteForByte(other, small);

            victim.writeFrame(true, 0x1, "flood 16384".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!server.log().contains("ERROR dev.wscodec.vertx.connection - Writing to")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String log = server.log();
            assertTrue(log.contains("ERROR dev.wscodec.vertx.connection - Writing to") && log.contains("failed"),
                    "the write that found no direct memory is logged as a failed write:\n" + log);
            assertFalse(log.contains("Unhandled exception"), "the error did not reach the sender:\n" + log);
            victim.socket.setSoTimeout(30_000);
            byte[] got = readToEnd(victim.in);
            assertTrue(got.length < 64 * 1024 * 1024, "the flood was cut short by the close: " + got.length);
            try {
                echoByteForByte(other, small);
            } catch (IOException e) {
                throw new AssertionError("The other connection no longer echoes; the server logged:\n" + server.log(), e);
            }
        }
    }

    private static void echoByteForByte(RawClient client, byte[] data) throws IOException {
        client.writeFrame(true, 0x2, data);
        RawClient.Frame f = client.readFrame();
        assertEquals(0x2, f.opcode());
        assertArrayEquals(data, f.payload(), "another connection's echo arrives byte for byte");
    }

    /** Everything until the end of the stream or a reset. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // closed with a reset: also an end
        }
        return all.toByteArray();
    }
}
