package dev.wscodec.bench.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

/**
 * The clients that do not play by the rules, on raw sockets to 127.0.0.1: connection churn (clean, reset, cut
 * mid-handshake, cut mid-frame), ping floods that never read, deflate bombs, and clients that send and never read.
 * Each attack is one loop, bounded by the deadline and by a count per round; what the server answers is not
 * checked here (the bridge's tests do that): the point is that the server's memory and descriptors stay flat and
 * the well-behaved clients notice nothing.
 */
final class Hostile {

    private static final byte[] KEY_HEAD = ("Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final int port;
    final Tally churn = new Tally("churn");
    final Tally pingFlood = new Tally("ping flood");
    final Tally bombs = new Tally("deflate bomb");
    final Tally neverReading = new Tally("never reading");

    Hostile(int port) {
        this.port = port;
    }

    private Socket open(int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    private static void request(OutputStream out, String path, String extra) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(KEY_HEAD);
        b.writeBytes((extra + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b.toByteArray());
        out.flush();
    }

    /** Reads the response head; returns it, or throws if the connection closed first. */
    private static String head(InputStream in) throws IOException {
        StringBuilder h = new StringBuilder();
        while (!h.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake");
            }
            h.append((char) c);
        }
        return h.toString();
    }

    /** A masked client frame. */
    static byte[] frame(int b0, byte[] payload) {
        int n = payload.length;
        ByteArrayOutputStream f = new ByteArrayOutputStream(n + 14);
        f.write(b0);
        if (n < 126) {
            f.write(0x80 | n);
        } else if (n < 65536) {
            f.write(0x80 | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(0x80 | 127);
            for (int s = 56; s >= 0; s -= 8) {
                f.write((int) ((long) n >>> s));
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        f.writeBytes(mask);
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    /** Opens and ends connections in every way, about {@code perSecond} a second, until the deadline. */
    void churn(String path, int perSecond, long deadline) {
        Random r = new Random(7);
        long gap = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        while (System.nanoTime() < deadline) {
            try (Socket s = open(0)) {
                OutputStream out = s.getOutputStream();
                switch (r.nextInt(5)) {
                    case 0 -> { // a clean session: one echo, a close frame
                        request(out, path, "");
                        head(s.getInputStream());
                        out.write(frame(0x81, "churn".getBytes(StandardCharsets.US_ASCII)));
                        out.write(frame(0x88, new byte[] {0x03, (byte) 0xE8}));
                        out.flush();
                        s.getInputStream().readNBytes(9); // the echo (7 bytes), the start of the close
                    }
                    case 1 -> { // open, then reset
                        request(out, path, "");
                        head(s.getInputStream());
                        s.setSoLinger(true, 0);
                    }
                    case 2 -> // cut in the middle of the request head
                        out.write("GET / HTTP/1.1\r\nHost: 127.0".getBytes(StandardCharsets.US_ASCII));
                    case 3 -> { // cut in the middle of a frame
                        request(out, path, "");
                        head(s.getInputStream());
                        byte[] f = frame(0x82, new byte[5000]);
                        out.write(f, 0, 2500);
                        out.flush();
                    }
                    default -> { // not even HTTP
                        out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
                        out.flush();
                    }
                }
                churn.sessions.incrementAndGet();
            } catch (IOException e) {
                churn.errorCount.incrementAndGet(); // expected now and then: the server may refuse or cut
            }
            next += gap;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(TimeUnit.NANOSECONDS.toMillis(wait));
            } else {
                next = System.nanoTime();
            }
        }
    }

    /**
     * Every {@code everyS} seconds: a client sends up to {@code pings} pings of 125 bytes as fast as the socket
     * takes them and never reads, for at most 10 s, then leaves.
     */
    void pingFlood(String path, int pings, int everyS, long deadline) {
        byte[] ping = frame(0x89, new byte[125]);
        roundsOf(everyS, deadline, () -> {
            try (Socket s = open(4096)) {
                request(s.getOutputStream(), path, "");
                head(s.getInputStream());
                pingFlood.sessions.incrementAndGet();
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < pings; i++) {
                            out.write(ping);
                            pingFlood.messages.incrementAndGet();
                        }
                        out.flush();
                    } catch (IOException e) {
                        // the server cut us off, or we left
                    }
                }, "soak-ping-flood");
                writer.setDaemon(true);
                writer.start();
                writer.join(10_000);
            }
        });
    }

    /**
     * Every {@code everyS} seconds: a client negotiates permessage-deflate and sends one message that inflates to
     * 64 MiB (about 64 KiB on the wire), then, on a second connection, a burst of 62 messages of 1 MiB - 1 zeros each
     * (about 1 KiB each) with {@code server_max_window_bits=8}, never reading.
     */
    void bombs(String path, int everyS, long deadline) {
        byte[] bomb = compress(64 << 20);
        byte[] burstOne = compress((1 << 20) - 1);
        roundsOf(everyS, deadline, () -> {
            try (Socket s = open(0)) {
                request(s.getOutputStream(), path, "Sec-WebSocket-Extensions: permessage-deflate\r\n");
                if (head(s.getInputStream()).contains("permessage-deflate")) {
                    s.getOutputStream().write(frame(0xC2, bomb));
                    s.getOutputStream().flush();
                    s.getInputStream().readNBytes(4); // the 1009 close, if it comes
                }
                bombs.sessions.incrementAndGet();
            } catch (IOException e) {
                bombs.errorCount.incrementAndGet();
            }
            try (Socket s = open(4096)) {
                request(s.getOutputStream(), path,
                        "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=8\r\n");
                if (head(s.getInputStream()).contains("permessage-deflate")) {
                    ByteArrayOutputStream burst = new ByteArrayOutputStream();
                    for (int i = 0; i < 62; i++) {
                        burst.writeBytes(frame(0xC2, burstOne));
                    }
                    s.getOutputStream().write(burst.toByteArray());
                    s.getOutputStream().flush();
                    bombs.messages.addAndGet(62);
                    Thread.sleep(5_000); // not reading
                }
                bombs.sessions.incrementAndGet();
            }
        });
    }

    /**
     * Every {@code everyS} seconds: a client with a 4 KiB receive buffer sends 8 messages of 512 KiB to the echo
     * and never reads the echoes; it leaves after 15 s.
     */
    void neverReading(String path, int everyS, long deadline) {
        byte[] big = frame(0x82, new byte[512 * 1024]);
        roundsOf(everyS, deadline, () -> {
            try (Socket s = open(4096)) {
                request(s.getOutputStream(), path, "");
                head(s.getInputStream());
                neverReading.sessions.incrementAndGet();
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < 8; i++) {
                            s.getOutputStream().write(big);
                            neverReading.messages.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // cut off
                    }
                }, "soak-never-reading");
                writer.setDaemon(true);
                writer.start();
                writer.join(15_000);
            }
        });
    }

    private interface Round {
        void run() throws Exception;
    }

    private void roundsOf(int everyS, long deadline, Round round) {
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try {
                round.run();
            } catch (Exception e) {
                // an attack that the server cut short; nothing to report
            }
            long left = Math.min(deadline - System.nanoTime(),
                    start + TimeUnit.SECONDS.toNanos(everyS) - System.nanoTime());
            if (left > 0) {
                sleep(TimeUnit.NANOSECONDS.toMillis(left));
            }
        }
    }

    /** {@code n} zero bytes as one raw DEFLATE message body for permessage-deflate (the trailing 00 00 ff ff cut). */
    static byte[] compress(int n) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int left = n; left > 0; left -= zeros.length) {
            d.setInput(zeros, 0, Math.min(left, zeros.length));
            int k;
            while ((k = d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH)) > 0) {
                out.write(buf, 0, k);
            }
        }
        int k;
        while ((k = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, k);
        }
        d.end();
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4); // RFC 7692 §7.2.1: drop 00 00 ff ff
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
