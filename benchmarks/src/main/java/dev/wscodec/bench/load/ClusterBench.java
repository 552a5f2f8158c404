package dev.wscodec.bench.load;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * The scale-out benchmark's load: chat nodes ({@code java -jar wscodec-examples.jar chat [--cluster ...]}), one
 * publisher on the first node sending {@code t NANOTIME} at a fixed rate, {@code --subscribers} members on each node.
 * Reports, over the measured window, the messages delivered per second on each node and the latency from the
 * publisher's send to the arrival at the subscribers of the <b>last</b> node (publish on A, delivery on C; with one
 * node, on the same node), p50/p99/max, plus the CPU time each node's process used (by its pid, from /proc).
 * The publisher and the subscribers live in this JVM, so both ends of a latency read the same clock.
 *
 * <p>usage: {@code ClusterBench --urls ws://h:p/chat,... --pids 1,2,3 --subscribers 50 --rate 200 --warmup 5
 * --seconds 15 --label three-nodes}
 */
public final class ClusterBench {

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = List.of(arg(args, "--urls", null).split(","));
        String[] pids = arg(args, "--pids", "").isEmpty() ? new String[0] : arg(args, "--pids", "").split(",");
        int subscribers = Integer.parseInt(arg(args, "--subscribers", "50"));
        int rate = Integer.parseInt(arg(args, "--rate", "200"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "5"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "15"));
        String label = arg(args, "--label", urls.size() + "-nodes");

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        WsClient client = WsClient.create(vertx, new WsClientOptions().setCodecConfig(WsConfig.builder().build()));
        AtomicLong[] delivered = new AtomicLong[urls.size()];
        Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        List<WsSession> sessions = new ArrayList<>();
        for (int n = 0; n < urls.size(); n++) {
            delivered[n] = new AtomicLong();
            AtomicLong count = delivered[n];
            boolean last = n == urls.size() - 1;
            for (int i = 0; i < subscribers; i++) {
                WsSession s = client.connect(urls.get(n) + "?name=s" + n + "x" + i, List.of(), HttpHeaders.EMPTY)
                        .blockingGet();
                sessions.add(s);
                s.receive().subscribe(m -> {
                    if (m instanceof TextMessage t) {
                        int at = t.text().indexOf(" pub: t ");
                        if (at > 0) {
                            count.incrementAndGet();
                            if (last) {
                                latency.recordValue(Math.max(0, System.nanoTime()
                                        - Long.parseLong(t.text().substring(at + 8))));
                            }
                        }
                    }
                }, e -> { });
            }
        }
        WsSession publisher = client.connect(urls.get(0) + "?name=pub", List.of(), HttpHeaders.EMPTY).blockingGet();
        publisher.receive().subscribe(m -> { }, e -> { });
        Thread.sleep(2000);   // the join notices settle; in a cluster, the registrations spread

        AtomicReference<Boolean> running = new AtomicReference<>(true);
        Thread pacer = new Thread(() -> {
            long period = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            for (long i = 1; running.get(); i++) {
                publisher.sendText("t " + System.nanoTime()).subscribe(() -> { }, e -> { });
                long sleep = start + i * period - System.nanoTime();
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "pacer");
        pacer.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));

        long[] before = new long[urls.size()];
        for (int n = 0; n < urls.size(); n++) {
            before[n] = delivered[n].get();
        }
        long[] cpuBefore = new long[pids.length];
        for (int p = 0; p < pids.length; p++) {
            cpuBefore[p] = Proc.cpuNanos(pids[p]);
        }
        latency.getIntervalHistogram();   // drop the warm-up
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        var histogram = latency.getIntervalHistogram();
        double wall = (System.nanoTime() - t0) / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s nodes=%d subscribers_per_node=%d rate=%d/s window=%.1fs", label, urls.size(), subscribers, rate,
                wall));
        for (int n = 0; n < urls.size(); n++) {
            sb.append(String.format(Locale.ROOT, " delivered_per_s_node%d=%.0f", n + 1,
                    (delivered[n].get() - before[n]) / wall));
        }
        sb.append(String.format(Locale.ROOT, " latency_ms_p50=%.2f p99=%.2f max=%.2f samples=%d",
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getMaxValue() / 1e6, histogram.getTotalCount()));
        for (int p = 0; p < pids.length; p++) {
            sb.append(String.format(Locale.ROOT, " cpu_node%d=%.2f", p + 1,
                    (Proc.cpuNanos(pids[p]) - cpuBefore[p]) / 1e9 / wall));
        }
        sb.append(String.format(Locale.ROOT, " expected_per_s_node=%d", (long) rate * subscribers));
        running.set(false);
        pacer.join();
        System.out.println(sb);
        for (WsSession s : sessions) {
            s.close(1000, "").onErrorComplete().subscribe();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("The option " + name + " is required.");
        }
        return fallback;
    }
}
