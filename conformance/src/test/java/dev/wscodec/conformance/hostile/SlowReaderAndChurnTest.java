package dev.wscodec.conformance.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import io.reactivex.rxjava3.core.Flowable;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Peers that never read, and connection churn with a leak check of sockets and native memory. */
class SlowReaderAndChurnTest {

    @Test
    void aClientThatNeverReadsCannotMakeTheEchoServerBufferWithoutBound() throws Exception {
        try (HostileServer server = new HostileServer(); RawClient c = RawClient.open(server.port(), false)) {
            AtomicLong written = new AtomicLong();
            byte[] frame = new byte[2 + 8 + 4 + 65_536];   // masked binary frames of 64 KiB, all-zero mask
            frame[0] = (byte) 0x82;
            frame[1] = (byte) (0x80 | 127);
            frame[7] = 1;   // 64-bit length 65,536 (bytes 2-9, big-endian)
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 4096; i++) {   // up to 256 MiB
                        c.sendRaw(frame);
                        written.addAndGet(frame.length);
                    }
                } catch (Exception e) {
                    // blocked writes end with the socket's close
                }
            }, "never-reading-writer");
            writer.setDaemon(true);
            writer.start();
            // Give the writer time to fill whatever the server is willing to take.
            long last = -1;
            while (written.get() != last) {
                last = written.get();
                Thread.sleep(1_500);
            }
            System.out.println("A never-reading client could write " + written.get() + " bytes before blocking.");
            assertTrue(written.get() < 96L * 1024 * 1024,
                    "the server took " + written.get() + " bytes from a client that never reads its echoes");
            assertEquals("served", RawClient.healthyEcho(server.port(), "served"));
            c.abort();
            assertTrue(Resources.await(10, () -> server.connections() == 0), "connections: " + server.connections());
        }
    }

    @Test
    void theApplicationSendingToANonReadingClientClosesIt1008() throws Exception {
        CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        byte[] chunk = new byte[64 * 1024];
        try (HostileServer server = new HostileServer(session -> {
            session.onClose().subscribe(closed::complete, closed::completeExceptionally);
            return Flowable.range(0, 2048)   // 128 MiB sent without waiting: beyond the 1 MiB outbound limit
                    .flatMapCompletable(i -> session.sendBinary(chunk).onErrorComplete(), false, Integer.MAX_VALUE);
        }); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes());
            out.flush();
            CloseStatus status = closed.get(30, TimeUnit.SECONDS);
            assertEquals(CloseStatus.POLICY_VIOLATION, status.code(), "status " + status);
        }
    }

    @Test
    void tenThousandConnectsAndClosesLeakNoSocketsOrNativeMemory() throws Exception {
        try (HostileServer server = new HostileServer()) {
            for (int i = 0; i < 200; i++) {   // warm-up: pools, classes, the deflate path
                RawClient.healthyEcho(server.port(), "warm");
            }
            assertTrue(Resources.await(10, () -> server.connections() == 0));
            Resources before = Resources.now();
            for (int i = 0; i < 10_000; i++) {
                if (i % 5 == 0) {   // every fifth a full handshake with permessage-deflate, then a clean close
                    try (RawClient c = RawClient.open(server.port(), true)) {
                        assertEquals("x" + i, c.echo("x" + i));
                        c.closeHandshake();
                    }
                } else {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                        if (i % 5 == 1) {
                            s.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes());
                        }
                    }
                }
            }
            assertTrue(Resources.await(15, () -> server.connections() == 0),
                    "connections still counted after the churn: " + server.connections());
            Resources after = Resources.now();
            System.out.println("Churn: before " + before + ", after " + after);
            assertTrue(after.fds() <= before.fds() + 8, "file descriptors: " + before.fds() + " -> " + after.fds());
            if (before.nettyDirect() >= 0) {
                assertTrue(after.nettyDirect() <= before.nettyDirect() + 32L * 1024 * 1024,
                        "Netty direct memory: " + before.nettyDirect() + " -> " + after.nettyDirect());
            }
            assertTrue(after.rssKiB() <= before.rssKiB() + 256 * 1024,
                    "resident memory grew from " + before.rssKiB() + " KiB to " + after.rssKiB() + " KiB");
        }
    }
}
