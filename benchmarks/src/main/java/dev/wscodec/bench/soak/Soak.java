package dev.wscodec.bench.soak;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The soak run (issue 11 section 6): the examples jar's {@code demo} (echo and chat, {@code /metrics}) and
 * {@code ticker} as two server JVMs with a 512 MiB heap ({@code -Xms512m -Xmx512m -XX:+AlwaysPreTouch}); echo, chat
 * and ticker clients that must see every byte and no error, mixed with connection churn, ping floods, deflate bombs
 * and clients that never read; every {@code --sample} seconds the heap after a full GC, RSS and open descriptors of
 * both servers. Writes {@code samples.csv}, {@code soak.svg}, {@code metrics.txt} (the demo's {@code ws_*} meters
 * at the end) and {@code summary.md} to {@code --out}, and fails (exit 1) unless the well-behaved clients saw no
 * error and memory and descriptors stayed flat after the warm-up.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.wscodec.bench.soak.Soak --jar examples/target/wscodec-examples.jar
 *     [--seconds 600] [--warmup 120] [--sample 10] [--out DIR]</pre>
 * Everything targets 127.0.0.1; every loop ends at the deadline.
 */
public final class Soak {

    /** What to run and what counts as flat. */
    public record Config(Path jar, Path out, int seconds, int warmupS, int sampleS, int echoClients, int chatMembers,
                         int tickerClients, int churnPerSecond, int pingsPerFlood, double heapGrowthMib,
                         double rssGrowthMib, double maxHeapMib, int fdSlack) {

        /**
         * The 10-minute run of docs/RELIABILITY.md. The live heap's bound, 64 MiB: the demo holds 6-9 MiB between and
         * during the attacks; what its limits let the attacks hold at once (a 1 MiB message and 4 MiB of queued
         * output per connection, a handful of hostile connections and the echo clients' messages of up to 256 KiB)
         * is about 20 MiB more.
         */
        public static Config full(Path jar, Path out) {
            return new Config(jar, out, 600, 120, 10, 8, 6, 6, 10, 200_000, 16, 64, 64, 8);
        }

        /**
         * The 60-second run of {@code mvn verify}: fewer clients and smaller ping floods, the same bounds as the full
         * run (live heap at most 64 MiB, flat floors; see docs/RELIABILITY.md).
         */
        public static Config ci(Path jar, Path out) {
            return new Config(jar, out, 60, 25, 5, 4, 4, 3, 10, 50_000, 16, 64, 64, 8);
        }
    }

    /** The outcome: the verdict, its reasons and the report. */
    public record Result(boolean passed, List<String> failures, String summary) {
    }

    /** A sample with more live heap than this keeps the top of its class histogram in the output directory. */
    private static final double HISTOGRAM_ABOVE_MIB = 32;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(arg(args, "--jar", "examples/target/wscodec-examples.jar"));
        Path out = Path.of(arg(args, "--out", "benchmarks/results/soak-" + java.time.LocalDate.now()));
        Config full = Config.full(jar, out);
        int seconds = Integer.parseInt(arg(args, "--seconds", Integer.toString(full.seconds())));
        Config c = new Config(jar, out, seconds,
                Integer.parseInt(arg(args, "--warmup", Integer.toString(Math.min(full.warmupS(), seconds / 3)))),
                Integer.parseInt(arg(args, "--sample", Integer.toString(full.sampleS()))), full.echoClients(),
                full.chatMembers(), full.tickerClients(), full.churnPerSecond(), full.pingsPerFlood(),
                full.heapGrowthMib(),
                full.rssGrowthMib(), full.maxHeapMib(), full.fdSlack());
        Result r = run(c, System.out);
        System.out.println(r.summary());
        System.exit(r.passed() ? 0 : 1);
    }

    private static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }

    public static Result run(Config c, java.io.PrintStream log) throws Exception {
        Files.createDirectories(c.out());
        // The whole heap committed and touched at start (as production servers run): RSS then moves only with what
        // lives outside the heap (direct buffers, native memory, metaspace, threads), where a leak would show.
        List<String> jvm = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");
        List<ServerProcess.Sample> samples = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (ServerProcess demo = ServerProcess.start("demo", c.jar(), jvm,
                List.of("demo", "--port", "0", "--host", "127.0.0.1"), "http://127\\.0\\.0\\.1:(\\d+)/");
             ServerProcess ticker = ServerProcess.start("ticker", c.jar(), jvm,
                     List.of("ticker", "--port", "0", "--host", "127.0.0.1", "--interval", "100"),
                     "ws://127\\.0\\.0\\.1:(\\d+)/")) {
            List<ServerProcess> servers = List.of(demo, ticker);
            long start = System.nanoTime();
            for (ServerProcess s : servers) {
                samples.add(s.sample(0));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(c.seconds());
            String echoUrl = "ws://127.0.0.1:" + demo.port + "/echo";
            WellBehaved good = new WellBehaved(vertx);
            Hostile bad = new Hostile(demo.port);
            Hostile badTicker = new Hostile(ticker.port);
            Tally echo = new Tally("echo");
            Tally chat = new Tally("chat");
            Tally tick = new Tally("ticker");
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < c.echoClients(); i++) {
                int id = i;
                threads.add(thread("echo-" + i, () -> good.echo(echoUrl, id, deadline, echo)));
            }
            threads.add(thread("chat", () -> good.chat("ws://127.0.0.1:" + demo.port + "/chat", c.chatMembers(),
                    500, deadline, chat)));
            for (int i = 0; i < c.tickerClients(); i++) {
                int id = i;
                threads.add(thread("ticker-" + i, () -> good.ticker("ws://127.0.0.1:" + ticker.port + "/", id,
                        deadline, tick)));
            }
            threads.add(thread("churn", () -> bad.churn("/echo", c.churnPerSecond(), deadline)));
            threads.add(thread("churn-ticker", () -> badTicker.churn("/", Math.max(1, c.churnPerSecond() / 5),
                    deadline)));
            threads.add(thread("ping-flood", () -> bad.pingFlood("/echo", c.pingsPerFlood(), 20, deadline)));
            threads.add(thread("bombs", () -> bad.bombs("/echo", 15, deadline)));
            threads.add(thread("never-reading", () -> bad.neverReading("/echo", 15, deadline)));
            threads.add(thread("ticker-never-reading", () -> badTicker.neverReading("/", 30, deadline)));
            threads.forEach(Thread::start);

            long nextSample = start + TimeUnit.SECONDS.toNanos(c.sampleS());
            while (System.nanoTime() < deadline) {
                long wait = nextSample - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
                double t = (System.nanoTime() - start) / 1e9;
                for (ServerProcess s : servers) {
                    ServerProcess.Sample sample = s.sample(t);
                    samples.add(sample);
                    if (sample.heapAfterGcMib() > HISTOGRAM_ABOVE_MIB) {
                        // What the live heap holds at a peak, for whoever looks into it.
                        Files.writeString(c.out().resolve(String.format(Locale.ROOT, "histogram-%s-%.0fs.txt",
                                s.name, t)), sample.histogram().lines().limit(40).collect(Collectors.joining("\n",
                                "", "\n")));
                    }
                    log.printf(Locale.ROOT, "%6.0f s %-6s heap after GC %6.1f MiB, RSS %6.1f MiB, fds %d%n", t,
                            s.name, sample.heapAfterGcMib(), sample.rssMib(), sample.fds());
                }
                nextSample += TimeUnit.SECONDS.toNanos(c.sampleS());
            }
            for (Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(90));
                if (th.isAlive()) {
                    failures.add("The client thread " + th.getName() + " did not end within 90 s of the deadline.");
                    th.interrupt();
                }
            }
            good.close();
            // Cool-down: the servers' close and handshake timeouts end what the attackers left behind.
            Thread.sleep(15_000);
            double end = (System.nanoTime() - start) / 1e9;
            List<ServerProcess.Sample> after = new ArrayList<>();
            for (ServerProcess s : servers) {
                after.add(s.sample(end));
                if (!s.isAlive()) {
                    failures.add("The " + s.name + " server died:\n" + s.transcript());
                }
            }
            samples.addAll(after);
            String metrics = wsMetrics(demo.port);
            Files.writeString(c.out().resolve("metrics.txt"), metrics);

            if (sampleOf(metrics, "ws_limit_hits_total{limit=\"inflate\"}") < 1) {
                failures.add("The demo never refused a deflate bomb (ws_limit_hits_total{limit=\"inflate\"}): the "
                        + "attack did not happen as intended.");
            }
            List<Tally> wellBehaved = List.of(echo, chat, tick);
            for (Tally t : wellBehaved) {
                if (t.errorCount.get() > 0) {
                    failures.add(t + "; first errors: " + t.errors());
                }
                if (t.messages.get() == 0) {
                    failures.add(t.kind + " clients exchanged no message at all.");
                }
            }
            StringBuilder flat = new StringBuilder();
            for (ServerProcess s : servers) {
                checkFlat(c, s.name, samples, after, flat, failures);
            }
            flat.append("\nClass histograms taken again because the server's JVM skipped the full GC before counting "
                    + "(the GC locker was held): ").append(servers.stream().map(s -> s.name + " " + s.retakes())
                    .collect(Collectors.joining(", "))).append(".\n");
            Files.writeString(c.out().resolve("samples.csv"), csv(samples));
            Files.writeString(c.out().resolve("soak.svg"), SvgChart.render("Soak: " + c.seconds()
                    + " s of well-behaved and hostile clients against demo and ticker (512 MiB heaps)", samples,
                    c.warmupS(), end));
            String summary = summary(c, wellBehaved, List.of(bad.churn, badTicker.churn, bad.pingFlood, bad.bombs,
                    bad.neverReading, badTicker.neverReading), flat.toString(), metrics, failures);
            Files.writeString(c.out().resolve("summary.md"), summary);
            return new Result(failures.isEmpty(), failures, summary);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static Thread thread(String name, ThrowingRunnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "soak-" + name);
        t.setDaemon(true);
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The lowest value in {@code window}: the floor that a leak would raise, whatever passing attacks add. */
    private static double floor(List<ServerProcess.Sample> window, ToDoubleFunction<ServerProcess.Sample> f) {
        return window.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    /**
     * Flat after the warm-up: the floor (lowest sample) of the last third of the samples under load exceeds that of
     * the first third after the warm-up by at most the allowed growth (heap after GC, RSS); floors, because an
     * attack in progress at a sample (a deflate burst being held, say) lifts that one sample, while a leak lifts
     * them all. The heap after GC never passes the bound; once the clients left, the descriptors are back at most
     * {@code fdSlack} above where they started.
     */
    private static void checkFlat(Config c, String server, List<ServerProcess.Sample> all,
                                  List<ServerProcess.Sample> after, StringBuilder out, List<String> failures) {
        List<ServerProcess.Sample> mine = all.stream().filter(s -> s.server().equals(server)).toList();
        ServerProcess.Sample first = mine.get(0);
        ServerProcess.Sample last = after.stream().filter(s -> s.server().equals(server)).findFirst().orElseThrow();
        List<ServerProcess.Sample> load = mine.stream().filter(s -> s.seconds() >= c.warmupS() && s != last)
                .toList();
        if (load.size() < 6) {
            failures.add(server + ": only " + load.size() + " samples after the warm-up; need 6.");
            return;
        }
        int third = load.size() / 3;
        List<ServerProcess.Sample> early = load.subList(0, third);
        List<ServerProcess.Sample> late = load.subList(load.size() - third, load.size());
        double heapEarly = floor(early, ServerProcess.Sample::heapAfterGcMib);
        double heapLate = floor(late, ServerProcess.Sample::heapAfterGcMib);
        double rssEarly = floor(early, ServerProcess.Sample::rssMib);
        double rssLate = floor(late, ServerProcess.Sample::rssMib);
        double heapMax = mine.stream().mapToDouble(ServerProcess.Sample::heapAfterGcMib).max().orElse(0);
        double rssMax = mine.stream().mapToDouble(ServerProcess.Sample::rssMib).max().orElse(0);
        int fdMax = mine.stream().mapToInt(ServerProcess.Sample::fds).max().orElse(0);
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f -> %.1f (%+.1f) | %.1f | %.0f | %.0f -> %.0f (%+.0f) "
                        + "| %.0f | %d | %d | %d -> %d |%n", server, first.heapAfterGcMib(), heapEarly, heapLate,
                heapLate - heapEarly, heapMax, first.rssMib(), rssEarly, rssLate, rssLate - rssEarly, rssMax,
                first.fds(), fdMax, first.fds(), last.fds()));
        if (heapLate - heapEarly > c.heapGrowthMib()) {
            failures.add(String.format(Locale.ROOT, "%s: the heap after GC grew from %.1f to %.1f MiB after the "
                    + "warm-up (allowed: %.0f MiB).", server, heapEarly, heapLate, c.heapGrowthMib()));
        }
        if (rssLate - rssEarly > c.rssGrowthMib()) {
            failures.add(String.format(Locale.ROOT, "%s: RSS grew from %.0f to %.0f MiB after the warm-up (allowed: "
                    + "%.0f MiB).", server, rssEarly, rssLate, c.rssGrowthMib()));
        }
        if (heapMax > c.maxHeapMib()) {
            failures.add(String.format(Locale.ROOT, "%s: the heap after GC reached %.1f MiB (bound: %.0f MiB).",
                    server, heapMax, c.maxHeapMib()));
        }
        if (last.fds() > first.fds() + c.fdSlack()) {
            failures.add(server + ": " + last.fds() + " descriptors open after the clients left, " + first.fds()
                    + " before they came.");
        }
    }

    /** The value of one series in Prometheus text, or -1. */
    static double sampleOf(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
    }

    /** The demo's {@code ws_*} series. */
    private static String wsMetrics(int port) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL()
                    .openConnection();
            http.setConnectTimeout(10_000);
            http.setReadTimeout(10_000);
            try (InputStream in = http.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> l.startsWith("ws_")).collect(Collectors.joining("\n", "", "\n"));
            }
        } catch (IOException e) {
            return "(GET /metrics failed: " + e + ")\n";
        }
    }

    private static String csv(List<ServerProcess.Sample> samples) {
        // heap_after_gc_mib: live objects (the class histogram's total).
        StringBuilder b = new StringBuilder("seconds,server,heap_after_gc_mib,rss_mib,fds\n");
        samples.stream().sorted(java.util.Comparator.comparingDouble(ServerProcess.Sample::seconds))
                .forEach(s -> b.append(String.format(Locale.ROOT, "%.1f,%s,%.2f,%.2f,%d%n", s.seconds(), s.server(),
                        s.heapAfterGcMib(), s.rssMib(), s.fds())));
        return b.toString();
    }

    private static String summary(Config c, List<Tally> good, List<Tally> bad, String flat, String metrics,
                                  List<String> failures) {
        StringBuilder b = new StringBuilder();
        b.append("# Soak run: ").append(failures.isEmpty() ? "PASSED" : "FAILED").append("\n\n");
        b.append(String.format(Locale.ROOT, "%d s (warm-up %d s, a sample every %d s), servers with -Xms512m "
                + "-Xmx512m -XX:+AlwaysPreTouch; %d echo clients, %d chat members, %d ticker clients; churn %d "
                + "connections/s; ping floods of up to %d pings.%n%n", c.seconds(), c.warmupS(), c.sampleS(),
                c.echoClients(), c.chatMembers(), c.tickerClients(), c.churnPerSecond(), c.pingsPerFlood()));
        b.append("| Well-behaved | Sessions | Messages checked | Payload bytes checked | Errors | Updates conflated "
                + "|\n|---|---|---|---|---|---|\n");
        for (Tally t : good) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s |%n", t.kind, t.sessions.get(),
                    t.messages.get(), t.bytes.get(), t.errorCount.get(), t.kind.equals("ticker")
                            ? Long.toString(t.conflated.get()) : "-"));
        }
        b.append("\n| Hostile | Connections | Frames sent |\n|---|---|---|\n");
        for (Tally t : bad) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", t.kind, t.sessions.get(), t.messages.get()));
        }
        b.append("\n| Server | Heap after GC at start (MiB) | floor, first -> last third after warm-up (MiB) | max "
                + "(MiB) | RSS at start (MiB) | floor, first -> last third (MiB) | max (MiB) | fds at start | max | "
                + "start -> after the clients left |\n|---|---|---|---|---|---|---|---|---|---|\n");
        b.append(flat);
        b.append("\nThe demo's meters at the end (`/metrics`):\n\n```\n").append(metrics).append("```\n");
        if (!failures.isEmpty()) {
            b.append("\nFailures:\n\n");
            failures.forEach(f -> b.append("- ").append(f).append('\n'));
        }
        return b.toString();
    }
}
