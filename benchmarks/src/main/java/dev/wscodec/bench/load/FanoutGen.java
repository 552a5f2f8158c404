package dev.wscodec.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The subscribers of the fan-out benchmark: one NIO thread with N WebSocket connections that only read, counting
 * the server's (unmasked) frames without copying payloads. Asks the {@link FanoutServer} (control port) for the
 * heap before connecting, after connecting and after subscribing, then for each size: a warm-up batch of
 * RATE x WARMUP publications, then a measured batch of RATE x DURATION publications at RATE per second, read until
 * every subscriber got every message; delivered messages per server CPU-second is over that batch (server CPU from
 * {@code /proc}), so a machine busy with other work delays the batch but does not change what it cost the server.
 * Prints one {@code RESULT} line per size.
 *
 * <p>{@code --extensions "permessage-deflate; client_max_window_bits"} (what browsers offer) has every subscriber
 * offer permessage-deflate; frames with RSV1 set are counted as {@code compressed}. The first subscriber checks
 * its messages: each is inflated (with one inflater for the connection, which decodes messages with or without
 * context takeover) and must have the published size, or the run fails.
 *
 * <pre>
 * java -cp benchmarks.jar dev.wscodec.bench.load.FanoutGen --port 9301 --control 9801 --label ours:1 \
 *      --subs 10000 --sizes 32,1024 --rates 20,20 --warmup 4 --duration 8 [--extensions permessage-deflate]
 * </pre>
 */
public final class FanoutGen {

    private final Selector selector = Selector.open();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final List<Sub> subs = new ArrayList<>();
    private long messages;
    private long compressed;
    private long bytes;
    /** The message size the checked subscriber must see (set per batch). */
    private int expectedSize;
    private long checked;
    private int open;

    /** One reading connection: the handshake head, then frame headers parsed and payloads skipped. */
    private static final class Sub {
        final SocketChannel ch;
        boolean upgraded;
        int headState;
        final byte[] header = new byte[10];
        int headerHave;
        int headerNeed = 2;
        long payloadLeft;
        /** Only on the checked subscriber: the current payload, and the connection's inflater. */
        java.io.ByteArrayOutputStream payload;
        Inflater inflater;
        boolean rsv1;
        boolean data;

        Sub(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private FanoutGen() throws IOException {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        int port = Integer.parseInt(a.get("port"));
        int control = Integer.parseInt(a.get("control"));
        int n = Integer.parseInt(a.getOrDefault("subs", "1000"));
        String[] sizes = a.getOrDefault("sizes", "32,1024").split(",");
        String[] rates = a.getOrDefault("rates", "200,200").split(",");
        double warmup = Double.parseDouble(a.getOrDefault("warmup", "4"));
        double duration = Double.parseDouble(a.getOrDefault("duration", "8"));
        String label = a.getOrDefault("label", "run");
        String extensions = a.get("extensions");
        String pid = Proc.control(control, "pid");

        FanoutGen g = new FanoutGen();
        String before = Proc.control(control, "heap");
        long heap0 = Proc.field(before, "heap");
        long rss0 = Proc.field(before, "rss");
        g.connect(new InetSocketAddress("127.0.0.1", port), n, extensions);
        long heap1 = Proc.field(Proc.control(control, "heap"), "heap");
        String subscribed = Proc.control(control, "subscribe");
        if (!subscribed.equals("subscribed=" + n)) {
            throw new IllegalStateException("The server answered '" + subscribed + "' for " + n + " connections.");
        }
        long heap2 = Proc.field(Proc.control(control, "heap"), "heap");
        String head = String.format(Locale.ROOT, "RESULT label=%s scenario=fanout subs=%d heap_per_conn=%d "
                + "heap_per_sub=%d heap_per_subscriber=%d ", label, n, (heap1 - heap0) / n, (heap2 - heap1) / n,
                (heap2 - heap0) / n);
        for (int i = 0; i < sizes.length; i++) {
            int size = Integer.parseInt(sizes[i]);
            double rate = Double.parseDouble(rates[i]);
            long warmCount = Math.max(1, (long) (rate * warmup));
            long count = Math.max(1, (long) (rate * duration));
            g.expectedSize = size;
            g.batch(control, rate, size, warmCount, n);
            long cpu0 = Proc.cpuNanos(pid);
            long self0 = Proc.cpuNanos("self");
            long m0 = g.messages;
            long c0 = g.compressed;
            long b0 = g.bytes;
            long t0 = System.nanoTime();
            boolean complete = g.batch(control, rate, size, count, n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double serverCpu = (Proc.cpuNanos(pid) - cpu0) / 1e9;
            double genCpu = (Proc.cpuNanos("self") - self0) / 1e9;
            long delivered = g.messages - m0;
            long rssAfter = Proc.field(Proc.control(control, "heap"), "rss");
            System.out.println(head + String.format(Locale.ROOT,
                    "size=%d rate=%.1f publications=%d delivered=%d expected=%d complete=%b seconds=%.3f "
                            + "delivered_per_s=%.1f mb_per_s=%.3f wire_bytes_per_msg=%.1f compressed=%d checked=%d "
                            + "server_cpu_s=%.3f server_util=%.3f delivered_per_server_cpu_s=%.1f gen_cpu_s=%.3f "
                            + "rss_after_per_subscriber=%d",
                    size, rate, count, delivered, count * n, complete, seconds, delivered / seconds,
                    (g.bytes - b0) / seconds / 1e6, (g.bytes - b0) / (double) Math.max(delivered, 1),
                    g.compressed - c0, g.checked, serverCpu, serverCpu / seconds,
                    delivered / Math.max(serverCpu, 1e-9), genCpu, (rssAfter - rss0) / n));
            System.out.flush();
        }
        g.closeAll();
    }

    private void connect(InetSocketAddress target, int n, String extensions) throws IOException {
        ByteBuffer handshake = Conn.handshake(target.getHostString() + ":" + target.getPort(), extensions);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int started = 0;
        while (open < n) {
            while (started < n && started - open < 256) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT: many runs in a row
                Sub s = new Sub(ch);
                if (subs.isEmpty()) {
                    s.payload = new java.io.ByteArrayOutputStream();
                    s.inflater = new Inflater(true);
                }
                subs.add(s);
                ch.register(selector, SelectionKey.OP_CONNECT, s);
                ch.connect(target);
                started++;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + open + " of " + n + " connections opened in 120 s.");
            }
            selector.select(50);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Sub s = (Sub) k.attachment();
                if (k.isConnectable()) {
                    s.ch.finishConnect();
                    ByteBuffer h = handshake.duplicate();
                    while (h.hasRemaining()) {
                        s.ch.write(h);
                    }
                    k.interestOps(SelectionKey.OP_READ);
                } else if (k.isReadable()) {
                    read(s, k);
                }
            }
        }
    }

    /**
     * Has the server publish {@code count} messages and reads until all {@code count * n} arrived (at most 300 s):
     * the server's CPU time over a batch is then all the work of delivering it, however busy the machine is.
     */
    private boolean batch(int control, double rate, int size, long count, int n) throws IOException {
        long target = messages + count * n;
        Proc.control(control, "start " + rate + " " + size + " " + count);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (messages < target && System.nanoTime() < end) {
            pump(20_000_000L);
        }
        Proc.control(control, "stop");
        return messages >= target;
    }

    /** Reads and counts for {@code nanos}. */
    private void pump(long nanos) throws IOException {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            selector.select(20);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                if (k.isValid() && k.isReadable()) {
                    read((Sub) k.attachment(), k);
                }
            }
        }
    }

    private void read(Sub s, SelectionKey k) throws IOException {
        while (true) {
            readBuffer.clear();
            int r;
            try {
                r = s.ch.read(readBuffer);
            } catch (IOException e) {
                r = -1;
            }
            if (r < 0) {
                k.cancel();
                s.ch.close();
                throw new IllegalStateException("The server closed a subscriber's connection.");
            }
            if (r == 0) {
                return;
            }
            readBuffer.flip();
            if (!s.upgraded) {
                head(s);
            }
            frames(s);
            if (r < readBuffer.capacity()) {
                return;
            }
        }
    }

    /** Skips the 101 response head (up to the blank line). */
    private void head(Sub s) {
        while (readBuffer.hasRemaining() && !s.upgraded) {
            byte b = readBuffer.get();
            int st = s.headState;
            s.headState = (b == '\r' && (st == 0 || st == 2)) || (b == '\n' && (st == 1 || st == 3)) ? st + 1 : 0;
            if (s.headState == 4) {
                s.upgraded = true;
                open++;
            }
        }
    }

    private void frames(Sub s) {
        ByteBuffer in = readBuffer;
        while (in.hasRemaining()) {
            if (s.payloadLeft > 0) {
                int skip = (int) Math.min(s.payloadLeft, in.remaining());
                if (s.payload != null) {
                    byte[] part = new byte[skip];
                    in.get(in.position(), part);
                    s.payload.write(part, 0, skip);
                }
                in.position(in.position() + skip);
                s.payloadLeft -= skip;
                bytes += skip;
                if (s.payloadLeft == 0 && s.payload != null) {
                    check(s);
                }
                continue;
            }
            s.header[s.headerHave++] = in.get();
            if (s.headerHave == 2) {
                int len = s.header[1] & 0x7F;
                s.headerNeed = len == 126 ? 4 : len == 127 ? 10 : 2;
            }
            if (s.headerHave < s.headerNeed) {
                continue;
            }
            long len = s.header[1] & 0x7F;
            if (len == 126) {
                len = ((s.header[2] & 0xFFL) << 8) | (s.header[3] & 0xFFL);
            } else if (len == 127) {
                len = 0;
                for (int i = 2; i < 10; i++) {
                    len = (len << 8) | (s.header[i] & 0xFFL);
                }
            }
            s.data = (s.header[0] & 0x0F) == 0x2 || (s.header[0] & 0x0F) == 0x1;
            if (s.data) {
                messages++;
                s.rsv1 = (s.header[0] & 0x40) != 0;
                if (s.rsv1) {
                    compressed++;
                }
            }
            s.payloadLeft = len;
            s.headerHave = 0;
            s.headerNeed = 2;
            if (len == 0 && s.payload != null) {
                check(s);
            }
        }
    }

    /** The checked subscriber's message is complete: inflate it if compressed (RFC 7692 7.2.2) and check its size. */
    private void check(Sub s) {
        byte[] data = s.payload.toByteArray();
        s.payload.reset();
        if (!s.data) {
            return;
        }
        int size = data.length;
        if (s.rsv1) {
            byte[] input = Arrays.copyOf(data, data.length + 4);
            input[data.length + 2] = (byte) 0xFF;
            input[data.length + 3] = (byte) 0xFF;
            s.inflater.setInput(input);
            byte[] out = new byte[4096];
            size = 0;
            try {
                while (true) {
                    int r = s.inflater.inflate(out); // only counted
                    size += r;
                    if (r == 0 && (s.inflater.needsInput() || s.inflater.finished())) {
                        break;
                    }
                }
            } catch (DataFormatException e) {
                throw new IllegalStateException("A compressed message did not inflate: " + e.getMessage(), e);
            }
        }
        if (size != expectedSize) {
            throw new IllegalStateException("A message of " + size + " bytes arrived where " + expectedSize
                    + " were published.");
        }
        checked++;
    }

    private void closeAll() {
        for (Sub s : subs) {
            try {
                s.ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
