package dev.wscodec.conformance.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A third-party peer run as a real process: its stdout lines are collected, stderr goes to a log file. */
final class PeerProcess implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private PeerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static PeerProcess start(List<String> command, Map<String, String> env, String logName) throws IOException {
        Path log = Path.of("target", "peers", logName + ".stderr.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.environment().putAll(env);
        return new PeerProcess(pb.start());
    }

    /** Waits for a server's {@code LISTENING <port>} line and returns the port. */
    int awaitListening() throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("LISTENING ")) {
            throw new AssertionError("The peer server did not report its port but said: " + line);
        }
        return Integer.parseInt(line.substring("LISTENING ".length()).trim());
    }

    /** Waits for a client to exit (at most {@code seconds}) and returns its stdout lines. */
    List<String> awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The peer did not finish within " + seconds + " s; it said: " + drain());
        }
        Thread.sleep(50);
        return drain();
    }

    int exitCode() {
        return process.exitValue();
    }

    private List<String> drain() {
        lines.drainTo(all);
        return List.copyOf(all);
    }

    /** Ends the process: stdin EOF asks a peer server to stop; it is killed if it does not. */
    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
