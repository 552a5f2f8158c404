package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded examples jar started as a separate process ({@code java -jar wscodec-examples.jar ARGS}), its stdout
 * and stderr read line by line so a test can wait for what it prints. {@link #close()} stops it with SIGTERM, as
 * Ctrl+C would, so shutdown hooks run.
 */
final class JarProcess implements AutoCloseable {

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
    private final String name;

    private JarProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        pump(process.getInputStream(), "");
        pump(process.getErrorStream(), "[err] ");
    }

    /** The jar built by {@code package}; failsafe passes its path. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("examples.jar", "target/wscodec-examples.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("The shaded jar " + jar.toAbsolutePath() + " does not exist; run these tests with 'mvn verify'.");
        }
        return jar;
    }

    static JarProcess start(String... args) throws IOException {
        return startWithJvmOptions(List.of(), args);
    }

    /** {@link #start} with extra JVM options, e.g. {@code -Djavax.net.ssl.trustStore=...}. */
    static JarProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        return new JarProcess(String.join(" ", args), pb.start());
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pump(java.io.InputStream in, String prefix) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    transcript.add(prefix + line);
                    lines.add(prefix + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "pump-" + prefix);
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a printed line matching {@code regex} (found anywhere in the line) and returns the match. */
    Matcher awaitLine(String regex, long seconds) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("'" + name + "' printed no line matching /" + regex + "/ within " + seconds
                        + " s (alive: " + process.isAlive() + "). It printed:\n" + transcript());
            }
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    Process process() {
        return process;
    }

    String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("'" + name + "' did not exit within " + seconds + " s. It printed:\n" + transcript());
        }
        return process.exitValue();
    }

    /** SIGTERM (runs the shutdown hooks), then SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
