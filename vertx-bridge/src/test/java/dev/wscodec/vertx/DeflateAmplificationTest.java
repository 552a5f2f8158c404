package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §2, exactly the attack: a client offers {@code server_max_window_bits=8} (so the echoes go uncompressed),
 * sends one burst of 62 compressed messages of about 1 KB, each inflating to 1 MiB - 1, and stops reading. The
 * server decodes one message at a time as its application asks: it holds at most one undelivered message and one
 * read of undecoded bytes per connection (the bound in vertx-bridge/README.md), not the 61 MiB the burst inflates
 * to. The server runs in a forked JVM with a 512 MiB heap; four attackers at once.
 */
class DeflateAmplificationTest {

    static final int MESSAGES = 62;
    static final int SIZE = 1024 * 1024 - 1;
    static final int ATTACKERS = 4;
    /** Per connection: one undelivered message (1 MiB), one being echoed, one read of undecoded bytes. */
    static final long BOUND_PER_CONNECTION = 2L * 1024 * 1024 + 64 * 1024;

    @Test
    void aCompressedBurstHoldsAtMostOneMessagePerConnection() throws Exception {
        try (ForkedServer.Handle server = new ForkedServer.Handle(List.of("-Xmx512m"), "deflate=true")) {
            long baseline = server.stats().get("heap");
            List<RawClient> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < ATTACKERS; i++) {
                    attackers.add(attack(server.port));
                }
                // Let the server do what it will with the bursts: it echoes while the sockets take bytes.
                long received = -1;
                for (int i = 0; i < 50; i++) {
                    Thread.sleep(200);
                    long now = server.stats().get("received");
                    if (now == received && now >= ATTACKERS) {
                        break;
                    }
                    received = now;
                }
                Map<String, Long> stats = server.stats();
                long held = stats.get("heap") - baseline;
                assertTrue(stats.get("queued") <= 1, "at most one undelivered message per connection: " + stats);
                assertTrue(stats.get("undecoded") <= 64 * 1024, "at most one read undecoded: " + stats);
                assertTrue(held <= ATTACKERS * BOUND_PER_CONNECTION + 16L * 1024 * 1024,
                        "the server holds " + (held >> 20) + " MiB of heap for " + ATTACKERS + " connections that "
                                + "sent 62 compressed messages each and stopped reading; the bound is about "
                                + (BOUND_PER_CONNECTION >> 10) + " KiB each: " + stats);
            } finally {
                for (RawClient c : attackers) {
                    c.close();
                }
            }
        }
    }

    /**
     * The same burst, then the attackers reset their connections (found by the soak run: a peak of 20 MiB of queued
     * messages on one connection). Once TCP closed, the server still decodes what it had read, but only up to 1 MiB
     * of messages per connection (about two of these), not the 61 messages the read bytes inflate to.
     */
    @Test
    void aCompressedBurstFollowedByAResetIsNotInflatedAllAtOnce() throws Exception {
        try (ForkedServer.Handle server = new ForkedServer.Handle(List.of("-Xmx512m"), "deflate=true")) {
            List<RawClient> attackers = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                attackers.add(attack(server.port));
            }
            long decoded = -1;
            for (int i = 0; i < 50; i++) { // until the server stopped decoding: its echoes fill the sockets
                Thread.sleep(200);
                long now = server.stats().get("decoded");
                if (now == decoded && now >= ATTACKERS) {
                    break;
                }
                decoded = now;
            }
            Map<String, Long> before = server.stats();
            assertTrue(before.get("undecoded") > 8 * 1024, "the server holds undecoded bytes: " + before);
            for (RawClient c : attackers) {
                c.socket.setSoLinger(true, 0); // close with unread data and linger 0: a reset
                c.close();
            }
            Map<String, Long> after = before;
            for (int i = 0; i < 100 && after.get("ended") < ATTACKERS; i++) {
                Thread.sleep(100);
                after = server.stats();
            }
            assertEquals(ATTACKERS, after.get("ended"), "every connection ended: " + after);
            long decodedAfterClose = after.get("decoded") - before.get("decoded");
            assertTrue(decodedAfterClose <= 2L * ATTACKERS, "after the resets the server decoded " + decodedAfterClose
                    + " more messages of 1 MiB for " + ATTACKERS + " connections (at most 2 each): " + before + " -> "
                    + after);
        }
    }

    /**
     * A client with a 4 KiB receive buffer that offers {@code server_max_window_bits=8}, sends {@link #burst()} and
     * never reads again.
     */
    static RawClient attack(int port) throws Exception {
        RawClient c = new RawClient(port, 4096);
        c.writeAscii("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + RawClient.KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=8\r\n\r\n");
        String head = c.readHead();
        assertTrue(head.startsWith("HTTP/1.1 101") && head.contains("permessage-deflate"), head);
        byte[] burst = burst();
        assertTrue(burst.length <= 64 * 1024, "one burst of " + burst.length + " bytes");
        c.writeRaw(burst);
        return c;
    }

    /**
     * 62 masked binary frames with RSV1 (RFC 7692 §7.2.1: compressed with the client's context, which it takes
     * over from message to message, the trailing 00 00 ff ff removed), each inflating to 1 MiB - 1 bytes.
     */
    static byte[] burst() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] message = new byte[SIZE];
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < MESSAGES; i++) {
            message[0] = (byte) i;
            deflater.setInput(message);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                compressed.write(buf, 0, n);
                if (n < buf.length && deflater.needsInput()) {
                    break;
                }
            }
            byte[] c = compressed.toByteArray();
            byte[] payload = java.util.Arrays.copyOf(c, c.length - 4); // RFC 7692 §7.2.1: drop 00 00 ff ff
            byte[] frame = RawClient.frame(true, 0x2, payload);
            frame[0] |= 0x40; // RSV1: compressed
            out.writeBytes(frame);
        }
        deflater.end();
        return out.toByteArray();
    }
}
