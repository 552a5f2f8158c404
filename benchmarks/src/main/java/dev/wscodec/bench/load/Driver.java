package dev.wscodec.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The generator's single-threaded NIO loop: opens connections, keeps W messages in flight on each (closed loop) or
 * sends at a fixed total rate (latency then counts from the time a message was due, so a stalled server is not
 * hidden by coordinated omission), and records echo latencies in an HdrHistogram.
 */
final class Driver implements Conn.MessageListener {

    private static final int FIRST_SOURCE_PORT = 10_000;
    private static final int LAST_SOURCE_PORT = 65_000;
    private static final byte[] CLOSE_FRAME = {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)};

    private final Selector selector;
    private final InetSocketAddress target;
    private final InetAddress[] sources;
    private final int[] nextSourcePort;
    private int nextSource;
    final List<Conn> conns = new ArrayList<>();
    private final List<Conn> dirty = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

    private ByteBuffer frame;
    private boolean closedLoop;
    private boolean sending;
    private boolean recording;
    long messages;
    long payloadBytes;
    private int open;
    private int closing;
    private ByteBuffer handshake;
    private long processingNow;
    /** The server's control port (heap allocation counters), or 0 where none is to be asked. */
    int controlPort;
    /** Records what makes up the latency tail while measuring, or {@code null}. */
    TailTrace trace;

    /**
     * {@code sources}: loopback addresses to bind the client sockets to, in turn (each has its own 55,000 ports, so
     * two of them carry 100,000 connections to one server port); none for the kernel's choice.
     */
    Driver(InetSocketAddress target, InetAddress... sources) throws IOException {
        this.selector = Selector.open();
        this.target = target;
        this.sources = sources == null ? new InetAddress[0] : sources;
        this.nextSourcePort = new int[this.sources.length];
        Arrays.fill(nextSourcePort, FIRST_SOURCE_PORT);
    }

    /** Opens {@code n} connections and completes their handshakes, at most {@code maxPending} at a time. */
    void connect(int n, int maxPending, String extensions) throws IOException {
        handshake = Conn.handshake(target.getHostString() + ":" + target.getPort(), extensions);
        long seconds = Math.max(120, n / 500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int started = 0;
        while (open < n) {
            while (started < n && started - open < maxPending) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.socket().setTcpNoDelay(true);
                if (sources.length > 0) {
                    bindSource(ch);
                }
                Conn c = new Conn(ch);
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                conns.add(c);
                if (ch.connect(target)) {
                    onConnected(c);
                }
                started++;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + open + " of " + n + " connections opened in " + seconds + " s.");
            }
            selector.select(100);
            process(System.nanoTime());
            flushDirty();
        }
    }

    /**
     * Binds to the next free port of the next source address, in turn (explicit ports: the kernel's port-0 search
     * is slow with tens of thousands of sockets).
     */
    private void bindSource(SocketChannel ch) throws IOException {
        int s = nextSource;
        nextSource = (nextSource + 1) % sources.length;
        for (int tries = 0; tries < LAST_SOURCE_PORT - FIRST_SOURCE_PORT; tries++) {
            int port = nextSourcePort[s]++;
            if (nextSourcePort[s] > LAST_SOURCE_PORT) {
                nextSourcePort[s] = FIRST_SOURCE_PORT;
            }
            try {
                ch.bind(new InetSocketAddress(sources[s], port));
                return;
            } catch (java.net.BindException busy) {
                // taken: try the next one
            }
        }
        throw new IllegalStateException("No free source port on " + sources[s] + ".");
    }

    private void onConnected(Conn c) throws IOException {
        c.state = Conn.State.HANDSHAKING;
        c.key.interestOps(SelectionKey.OP_READ);
        c.enqueueRaw(handshake.duplicate());
        markDirty(c);
    }

    /** Sends one message on every connection and waits for all echoes (used before measuring idle memory). */
    void echoOnce(ByteBuffer frame) throws IOException {
        this.frame = frame;
        long now = System.nanoTime();
        for (Conn c : conns) {
            markDirty(c);
            c.send(frame, now);
        }
        drain(TimeUnit.SECONDS.toNanos(60));
    }

    /**
     * Runs load for {@code warmupNanos}, then measures for {@code measureNanos}; {@code rate} 0 means closed loop
     * with {@code inflight} messages per connection, else a fixed total rate in messages per second.
     */
    Measurement run(ByteBuffer frame, int inflight, double rate, long warmupNanos, long measureNanos, String serverPid)
            throws IOException {
        this.frame = frame;
        this.closedLoop = rate <= 0;
        this.sending = true;
        long start = System.nanoTime();
        if (closedLoop) {
            for (Conn c : conns) {
                markDirty(c);
                for (int i = 0; i < inflight; i++) {
                    c.send(frame, start);
                }
            }
        }
        double interval = rate > 0 ? 1e9 / rate : 0;
        long sent = 0;
        long nextDue = start;
        long measureStart = start + warmupNanos;
        long end = measureStart + measureNanos;
        Measurement m = null;
        while (true) {
            long now = System.nanoTime();
            if (recording && trace != null) {
                trace.loop(now);
            }
            if (m == null && now >= measureStart) {
                m = Measurement.begin(this, serverPid, now);
                latency.reset();
                recording = true;
            }
            if (now >= end) {
                break;
            }
            if (!closedLoop) {
                while (nextDue <= now) {
                    Conn c = conns.get((int) (sent % conns.size()));
                    markDirty(c);
                    c.send(frame, nextDue);
                    sent++;
                    nextDue = start + (long) (sent * interval);
                }
            }
            flushDirty();
            long waitMs = closedLoop ? 50 : (nextDue - System.nanoTime()) / 1_000_000;
            if (waitMs <= 0) {
                selector.selectNow();
            } else {
                selector.select(Math.min(waitMs, 50));
            }
            process(System.nanoTime());
        }
        Measurement result = m.end(this, serverPid, System.nanoTime());
        recording = false;
        sending = false;
        drain(TimeUnit.SECONDS.toNanos(30));
        return result;
    }

    /** Waits until no message is in flight. */
    private void drain(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (inFlight() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(inFlight() + " messages were not echoed in time.");
            }
            flushDirty();
            selector.select(50);
            process(System.nanoTime());
        }
    }

    private long inFlight() {
        long n = 0;
        for (Conn c : conns) {
            n += c.inFlight;
        }
        return n;
    }

    /** Sends a close frame (1000) on every connection, waits up to 5 s for the server to close, then closes all. */
    void closeAll() throws IOException {
        closing = 0;
        for (Conn c : conns) {
            if (c.state == Conn.State.OPEN) {
                markDirty(c);
                c.enqueueRaw(ByteBuffer.wrap(CLOSE_FRAME));
                closing++;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closing > 0 && System.nanoTime() < deadline) {
            flushDirty();
            selector.select(50);
            process(System.nanoTime());
        }
        for (Conn c : conns) {
            c.close();
        }
        conns.clear();
        selector.close();
    }

    private void markDirty(Conn c) {
        if (!c.dirty) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    private void flushDirty() throws IOException {
        for (int i = 0; i < dirty.size(); i++) {
            Conn c = dirty.get(i);
            if (c.state != Conn.State.CLOSED) {
                c.flush();
            }
        }
        dirty.clear();
    }

    private void process(long now) throws IOException {
        processingNow = now;
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Conn c = (Conn) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            if (key.isConnectable()) {
                try {
                    if (c.channel.finishConnect()) {
                        onConnected(c);
                    }
                } catch (IOException e) {
                    throw new IOException("A connection failed after " + open + " were open: " + e.getMessage(), e);
                }
                continue;
            }
            if (key.isWritable()) {
                markDirty(c);
            }
            if (key.isReadable()) {
                read(c, now);
            }
        }
    }

    private void read(Conn c, long now) throws IOException {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            if (closing > 0 && c.state != Conn.State.CLOSED) {
                closing--;
                c.close();
                return;
            }
            throw new IllegalStateException("The server closed a connection (state " + c.state + ").");
        }
        readBuffer.flip();
        if (c.state == Conn.State.HANDSHAKING && c.readHandshake(readBuffer)) {
            open++;
        }
        if (c.state == Conn.State.OPEN && readBuffer.hasRemaining() && !c.readFrames(readBuffer, this, now)) {
            if (closing > 0) {
                closing--;
                c.close();
            } else {
                throw new IllegalStateException("The server sent a close frame during the test.");
            }
        }
    }

    @Override
    public void message(Conn conn, long latencyNanos) {
        messages++;
        if (recording) {
            latency.recordValue(Math.min(Math.max(latencyNanos, 0), latency.getHighestTrackableValue()));
            if (trace != null) {
                trace.message(processingNow, latencyNanos);
            }
        }
        if (closedLoop && sending) {
            markDirty(conn);
            conn.send(frame, System.nanoTime());
        }
    }

    @Override
    public void payloadBytes(int n) {
        payloadBytes += n;
    }
}
