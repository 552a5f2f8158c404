package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.rx.Probes;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server in a JVM of its own, for tests where memory is the point (a small heap, little direct memory).
 * Arguments {@code key=value}: {@code deflate} (true/false), {@code maxMessage} (bytes), {@code streaming}
 * (true/false: a streaming echo, {@link WsSession#receiveStreams()} into {@link WsSession#sendStream}),
 * {@code maxQueued} (the outbound limit, bytes); the text {@code flood N} is answered with N binary messages of
 * 4 KiB sent at once, without waiting for room. It prints
 * {@code PORT n}, then answers {@code stats} on stdin with {@code STATS heap=.. received=.. queued=.. undecoded=..
 * decoded=.. ended=..}:
 * the heap used after a full GC, the messages received, and the largest inbound queue (messages) and undecoded
 * bytes of any session. {@link Handle} starts and drives one from a test.
 */
public final class ForkedServer {

    private ForkedServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        long maxMessage = Long.parseLong(a.getOrDefault("maxMessage", String.valueOf(WsConfig.DEFAULT_MAX_MESSAGE_SIZE)));
        WsConfig.Builder config = WsConfig.builder().maxFrameSize(maxMessage).maxMessageSize(maxMessage);
        if (Boolean.parseBoolean(a.getOrDefault("deflate", "false"))) {
            config.deflate(DeflateConfig.DEFAULT);
        }
        boolean streaming = Boolean.parseBoolean(a.getOrDefault("streaming", "false"));
        config.streaming(streaming);
        long maxQueued = Long.parseLong(a.getOrDefault("maxQueued",
                String.valueOf(WsOptionsBase.DEFAULT_MAX_QUEUED_OUTBOUND_BYTES)));
        byte[] fourKiB = new byte[4096];
        Vertx vertx = Vertx.vertx();
        List<WsSession> sessions = new CopyOnWriteArrayList<>();
        AtomicLong received = new AtomicLong();
        AtomicLong decoded = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        WsMetrics countDecoded = new WsMetrics() {
            @Override
            public void messageReceived(long payloadBytes) {
                decoded.incrementAndGet();
            }
        };
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCodecConfig(config.build())
                .setMaxQueuedOutboundBytes((int) maxQueued).setHandshakeTimeout(Duration.ofSeconds(20))
                .setMetrics(countDecoded), session -> {
                    sessions.add(session);
                    session.onClose().subscribe(s -> ended.incrementAndGet(), e -> ended.incrementAndGet());
                    if (streaming) {
                        return session.receiveStreams().doOnNext(m -> received.incrementAndGet())
                                .concatMapCompletable(session::sendStream, 1);
                    }
                    // The text "flood N" is answered with N binary messages of 4 KiB, sent without waiting for room.
                    return session.send(session.receive().doOnNext(m -> received.incrementAndGet()).filter(m -> {
                        if (m instanceof dev.wscodec.api.TextMessage t && t.text().startsWith("flood ")) {
                            for (int i = Integer.parseInt(t.text().substring(6)); i > 0; i--) {
                                session.sendBinary(fourKiB).subscribe(() -> { }, e -> { });
                            }
                            return false;
                        }
                        return true;
                    }));
                });
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        out.println("PORT " + port);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            if (line.equals("stats")) {
                int queued = 0;
                int undecoded = 0;
                for (WsSession s : sessions) {
                    CompletableFuture<int[]> f = new CompletableFuture<>();
                    s.context().runOnContext(v -> f.complete(
                            new int[] {Probes.queuedInboundMessages(s), Probes.undecodedBytes(s)}));
                    int[] q = f.get(10, TimeUnit.SECONDS);
                    queued = Math.max(queued, q[0]);
                    undecoded = Math.max(undecoded, q[1]);
                }
                System.gc();
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                out.println("STATS heap=" + heap + " received=" + received.get() + " queued=" + queued
                        + " undecoded=" + undecoded + " decoded=" + decoded.get() + " ended=" + ended.get());
            }
        }
        vertx.close().await(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    /** A running forked server: its port, commands, and what it logged. */
    static final class Handle implements AutoCloseable {
        final Process process;
        final int port;
        final Path log;
        private final BufferedReader out;
        private final PrintWriter commands;

        Handle(List<String> jvmOptions, String... args) throws IOException {
            log = Files.createTempFile("forked-server", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkedServer.class.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            String first = out.readLine();
            if (first == null || !first.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new IOException("The forked server did not start: " + first + "\n" + log());
            }
            port = Integer.parseInt(first.substring(5).trim());
        }

        /**
         * The server's numbers now: heap (after GC), received (delivered to the application), queued, undecoded,
         * decoded (messages the codec produced) and ended (sessions whose connection closed).
         */
        Map<String, Long> stats() throws IOException {
            commands.println("stats");
            String line = out.readLine();
            if (line == null || !line.startsWith("STATS ")) {
                throw new IOException("The forked server did not answer: " + line + "\n" + log());
            }
            Map<String, Long> m = new java.util.HashMap<>();
            for (String kv : line.substring(6).split(" ")) {
                m.put(kv.substring(0, kv.indexOf('=')), Long.parseLong(kv.substring(kv.indexOf('=') + 1)));
            }
            return m;
        }

        /** What the server logged (SLF4J simple logs to stderr). */
        String log() throws IOException {
            return Files.readString(log);
        }

        @Override
        public void close() throws Exception {
            commands.println("quit");
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (InputStream ignored = process.getInputStream()) {
                Files.deleteIfExists(log);
            }
        }
    }
}
