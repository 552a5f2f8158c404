package dev.wscodec.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What the latency tail of a fixed-rate run is made of, recorded by the generator while it measures (all times are
 * {@link System#nanoTime()}, which on Linux is the monotonic clock that a JVM's {@code -Xlog:...:timenanos}
 * decorator also prints, so the lines line up with the servers' and the generator's GC and safepoint logs):
 * <ul>
 * <li>{@code slow DUE LATENCY}: each message whose echo took {@code slowNanos} or more, counted from its due time;
 * <li>{@code stall FROM TO}: each gap of {@link #STALL_NANOS} or more between two turns of the generator's loop,
 * which spins at a fixed rate, so a gap means the generator itself was not running (descheduled or paused);
 * <li>{@code runq T WAIT}: every millisecond, the nanoseconds the server's event-loop thread has so far spent
 * runnable but waiting for a CPU ({@code /proc/PID/task/TID/schedstat}), which rises while the kernel runs
 * something else on the server's core.
 * </ul>
 * {@code benchmarks/tail.py} attributes the slow messages with these and the GC logs.
 */
final class TailTrace {

    static final long STALL_NANOS = 200_000;
    private static final long SAMPLE_NANOS = 1_000_000;
    private static final int MAX_EVENTS = 1 << 20;

    private final long slowNanos;
    private final String task;
    private final FileChannel schedstat;
    private final ByteBuffer statBuffer = ByteBuffer.allocate(128);
    private long[] slow = new long[1024];
    private int slowCount;
    private long[] stalls = new long[256];
    private int stallCount;
    private long[] runq = new long[4096];
    private int runqCount;
    private long lastLoop;
    private long lastSample;

    TailTrace(String serverPid, long slowNanos) throws IOException {
        this.slowNanos = slowNanos;
        String tid = Proc.eventLoopTask(serverPid);
        this.task = serverPid + "/" + tid + " (" + Files.readString(Path.of("/proc", serverPid, "task", tid, "comm")).trim() + ")";
        this.schedstat = FileChannel.open(Path.of("/proc", serverPid, "task", tid, "schedstat"), StandardOpenOption.READ);
    }

    /** One turn of the generator's loop while measuring. */
    void loop(long now) {
        if (lastLoop != 0 && now - lastLoop >= STALL_NANOS) {
            stalls = add(stalls, stallCount, lastLoop, now);
            stallCount += 2;
        }
        lastLoop = now;
        if (now - lastSample >= SAMPLE_NANOS) {
            lastSample = now;
            long wait = serverWait();
            if (wait >= 0) {
                runq = add(runq, runqCount, now, wait);
                runqCount += 2;
            }
        }
    }

    /** An echo that came back at {@code now} after {@code latency} (from its due time). */
    void message(long now, long latency) {
        if (latency >= slowNanos) {
            slow = add(slow, slowCount, now - latency, latency);
            slowCount += 2;
        }
    }

    private long serverWait() {
        try {
            statBuffer.clear();
            schedstat.read(statBuffer, 0);
            String line = new String(statBuffer.array(), 0, statBuffer.position(), StandardCharsets.US_ASCII).trim();
            return Long.parseLong(line.split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long[] add(long[] a, int n, long x, long y) {
        if (n + 2 > a.length) {
            if (a.length >= MAX_EVENTS) {
                return a; // bounded: a run this bad is described well enough by its first million events
            }
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[n] = x;
        a[n + 1] = y;
        return a;
    }

    void write(Path file, String label) throws IOException {
        schedstat.close();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            out.println("# label=" + label + " server_task=" + task.replace(' ', '_') + " slow_ns=" + slowNanos
                    + " stall_ns=" + STALL_NANOS);
            for (int i = 0; i + 1 < Math.min(slowCount, slow.length); i += 2) {
                out.println("slow " + slow[i] + " " + slow[i + 1]);
            }
            for (int i = 0; i + 1 < Math.min(stallCount, stalls.length); i += 2) {
                out.println("stall " + stalls[i] + " " + stalls[i + 1]);
            }
            for (int i = 0; i + 1 < Math.min(runqCount, runq.length); i += 2) {
                out.println("runq " + runq[i] + " " + runq[i + 1]);
            }
        }
    }
}
