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
 * and a count of what survived in one safepoint),
 * resident memory ({@code VmRSS} of {@code /proc/PID/status}) and open file descriptors ({@code /proc/PID/fd}).
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

    private ServerProcess(String name, Process process, String portRegex) throws Exception {
        this.name = name;
        this.process = process;
        pump(process.getInputStream());
        pump(process.getErrorStream());
        this.port = Integer.parseInt(awaitLine(portRegex, 60).group(1));
    }

    /** Starts {@code java JVM_FLAGS -jar jar ARGS} and waits for the line giving its port. */
    static ServerProcess start(String name, Path jar, List<String> jvmFlags, List<String> args, String portRegex)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return new ServerProcess(name, new ProcessBuilder(cmd).start(), portRegex);
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

    /** {@code jcmd PID GC.class_histogram}: a full GC, then the live objects by class, with their total. */
    private String liveHistogram() throws IOException, InterruptedException {
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
