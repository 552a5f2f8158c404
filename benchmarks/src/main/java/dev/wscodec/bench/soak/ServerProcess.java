package dev.wscodec.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One server of the soak: a command of the examples jar in a JVM of its own ({@code java -Xmx512m -jar ...}), and
 * what is measured about it from outside: the live heap (the total of {@code jcmd PID GC.class_histogram}, a full GC
 * and a count of what survived in one safepoint, taken again when the JVM skipped that GC), resident memory
 * ({@code VmRSS} of {@code /proc/PID/status}) and open file descriptors ({@code /proc/PID/fd}).
 */
final class ServerProcess implements AutoCloseable {

    /** One measurement. */
    record Sample(double seconds, String server, double heapAfterGcMib, double rssMib, int fds, String histogram) {
    }

    final String name;
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
    final int port;
    /** The server's GC warnings ({@code -Xlog:gc=warning:file=...}): where a skipped pre-histogram GC is reported. */
    private final Path gcWarnings;
    /** Histograms taken again because the JVM skipped the full GC before counting. */
    private int retakes;

    private ServerProcess(String name, Process process, Path gcWarnings, String portRegex) throws Exception {
        this.name = name;
        this.process = process;
        this.gcWarnings = gcWarnings;
        pump(process.getInputStream());
        pump(process.getErrorStream());
        this.port = Integer.parseInt(awaitLine(portRegex, 60).group(1));
    }

    /** Starts {@code java JVM_FLAGS -jar jar ARGS} and waits for the line giving its port. */
    static ServerProcess start(String name, Path jar, List<String> jvmFlags, List<String> args, String portRegex)
            throws Exception {
        Path gcWarnings = Files.createTempFile("soak-" + name + "-", "-gc-warnings.log");
        gcWarnings.toFile().deleteOnExit();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-Xlog:gc=warning:file=" + gcWarnings);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return new ServerProcess(name, new ProcessBuilder(cmd).start(), gcWarnings, portRegex);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void pump(java.io.InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (transcript.size() < 2000) {
                        transcript.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "soak-pump-" + name);
        t.setDaemon(true);
        t.start();
    }

    private Matcher awaitLine(String regex, long seconds) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("The " + name + " server printed no line matching /" + regex
                        + "/ within " + seconds + " s. It printed:\n" + transcript());
            }
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    /** Heap after a full GC (live objects, with their class histogram), RSS and open descriptors, now. */
    Sample sample(double seconds) throws IOException, InterruptedException {
        String histogram = liveHistogram();
        return new Sample(seconds, name, liveHeapMib(histogram), rssMib(), fds(), histogram);
    }

    /** Histograms taken again so far because the server's JVM had skipped the full GC before counting. */
    int retakes() {
        return retakes;
    }

    /** What HotSpot logs when a class histogram or heap dump could not collect first (HotSpot 17's wording). */
    static final String GC_SKIPPED = "pre-dump GC was skipped";

    private static final int HISTOGRAM_ATTEMPTS = 40;

    /**
     * {@code jcmd PID GC.class_histogram}: a full GC, then the live objects by class, with their total. The full GC is
     * skipped, and the count then holds every dead object since the last collection, when a thread of the server is in
     * a JNI critical region at that moment (the GC locker: zlib's {@code Inflater} and {@code Deflater} hold one for
     * each call); HotSpot then logs {@link #GC_SKIPPED}, and the histogram is taken again. Samples of 100-300 MiB with
     * 9 MiB reachable in a heap dump taken the same way were such counts (docs/RELIABILITY.md).
     */
    private String liveHistogram() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            long skippedBefore = skippedGcs();
            String histogram = histogram();
            if (skippedGcs() == skippedBefore) {
                return histogram;
            }
            if (attempt == HISTOGRAM_ATTEMPTS) {
                throw new IOException("The " + name + " server skipped the full GC before its class histogram "
                        + attempt + " times in a row (the GC locker was held each time).");
            }
            retakes++;
            Thread.sleep(50);
        }
    }

    /** How often the server's JVM logged {@link #GC_SKIPPED} so far (written before jcmd returns). */
    private long skippedGcs() throws IOException {
        try (Stream<String> lines = Files.lines(gcWarnings)) {
            return lines.filter(l -> l.contains(GC_SKIPPED)).count();
        }
    }

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /**
     * The bytes of all live objects, in MiB: the total of {@code jcmd PID GC.class_histogram}, which collects the whole
     * heap and counts what survived in one safepoint. Not {@code GC.run} followed by {@code GC.heap_info} (the figure
     * before 2026-12-03): between the two the server goes on allocating, and on a busy machine what it allocated in
     * the meantime counted as live (samples of 430 MiB whose histograms a moment later held 70 MiB).
     */
    private double liveHeapMib(String histogram) throws IOException {
        for (String line : histogram.split("\n")) {
            Matcher m = HISTOGRAM_TOTAL.matcher(line.strip());
            if (m.find()) {
                return Long.parseLong(m.group(1)) / (1024.0 * 1024.0);
            }
        }
        throw new IOException("No total in the class histogram of the " + name + " server: " + histogram);
    }

    /** One {@code jcmd PID GC.class_histogram}. */
    private String histogram() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                "-J-Xmx32m", Long.toString(pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd failed for the " + name + " server: " + out);
        }
        return out;
    }

    double rssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("No VmRSS in /proc/" + pid() + "/status.");
    }

    int fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) s.count();
        }
    }

    /** SIGTERM (graceful shutdown), then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
