package dev.wscodec.bench.load;

import dev.wscodec.bench.codec.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

/**
 * The load generator: lean (one thread, NIO, pre-encoded masked frames, echoed payloads skipped without copying),
 * closed loop or fixed rate. Prints one {@code RESULT key=value ...} line per run.
 *
 * <pre>
 * java -cp benchmarks.jar dev.wscodec.bench.load.LoadGen --port 9001 --control 9101 --label A1 \
 *      --scenario load --conns 100 --inflight 16 --size 32 [--rate 20000] --warmup 5 --duration 8
 * java ... LoadGen --port 9001 --control 9101 --scenario idle --conns 10000 --size 32
 * </pre>
 * Options: {@code --source ADDR[,ADDR...]} binds the client sockets to other loopback addresses, in turn (each
 * has its own 55,000 ports: 100,000 connections need two), {@code --pending N} caps concurrent handshakes, {@code --hold S} keeps idle connections
 * open S seconds after measuring (e.g. for {@code jcmd PID GC.class_histogram}), {@code --deflate true} offers
 * permessage-deflate and sends compressed messages ({@code size} bytes of JSON before compression),
 * {@code --trace FILE} (with {@code --slow-us N}, default 1000) writes a {@link TailTrace} of the measured interval.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = parse(argv);
        int port = Integer.parseInt(req(a, "port"));
        int controlPort = Integer.parseInt(req(a, "control"));
        String scenario = a.getOrDefault("scenario", "load");
        int conns = Integer.parseInt(a.getOrDefault("conns", "1"));
        int inflight = Integer.parseInt(a.getOrDefault("inflight", "1"));
        int size = Integer.parseInt(a.getOrDefault("size", "32"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        long warmup = (long) (Double.parseDouble(a.getOrDefault("warmup", "5")) * 1e9);
        long duration = (long) (Double.parseDouble(a.getOrDefault("duration", "8")) * 1e9);
        String label = a.getOrDefault("label", "run");
        InetAddress[] sources = new InetAddress[0];
        if (a.containsKey("source")) {
            String[] names = a.get("source").split(",");
            sources = new InetAddress[names.length];
            for (int i = 0; i < names.length; i++) {
                sources[i] = InetAddress.getByName(names[i].trim());
            }
        }
        int pending = Integer.parseInt(a.getOrDefault("pending", "256"));

        String serverPid = Proc.control(controlPort, "pid");
        boolean deflate = Boolean.parseBoolean(a.getOrDefault("deflate", "false"));
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteBuffer frame = ByteBuffer.wrap(deflate
                ? Wire.frame(Wire.OP_BINARY, 0x40, deflateRaw(Wire.asciiJson(size)), mask)
                : Wire.frame(Wire.OP_BINARY, 0, Wire.randomBytes(size, 7), mask)).asReadOnlyBuffer();
        String offer = deflate ? "permessage-deflate; client_max_window_bits" : null;
        Driver driver = new Driver(new InetSocketAddress("127.0.0.1", port), sources);
        driver.controlPort = controlPort;
        String head = String.format(Locale.ROOT, "RESULT label=%s scenario=%s conns=%d inflight=%d size=%d rate=%.0f ",
                label, scenario, conns, inflight, size, rate);
        try {
            if (scenario.equals("idle")) {
                String before = Proc.control(controlPort, "heap");
                long t0 = System.nanoTime();
                driver.connect(conns, pending, offer);
                double connectSeconds = (System.nanoTime() - t0) / 1e9;
                if (deflate && !driver.conns.get(0).negotiated.contains("permessage-deflate")) {
                    throw new IllegalStateException("The server did not accept permessage-deflate.");
                }
                driver.echoOnce(frame);
                String after = Proc.control(controlPort, "heap");
                long heapPerConn = (Proc.field(after, "heap") - Proc.field(before, "heap")) / conns;
                long rssPerConn = (Proc.field(after, "rss") - Proc.field(before, "rss")) / conns;
                // outside the heap (JVM servers): native memory per connection; heap + that = what a connection keeps
                long nativePerConn = rssPerConn;
                if (answers(before, "rss_heap") && answers(after, "rss_heap")) {
                    nativePerConn = (Proc.field(after, "rss") - Proc.field(after, "rss_heap")
                            - Proc.field(before, "rss") + Proc.field(before, "rss_heap")) / conns;
                }
                long kept = answers(after, "rss_heap") ? heapPerConn + nativePerConn : rssPerConn;
                System.out.println(head + String.format(Locale.ROOT,
                        "connect_s=%.2f heap_before=%d heap_after=%d heap_per_conn=%d rss_per_conn=%d "
                                + "native_per_conn=%d kept_per_conn=%d",
                        connectSeconds, Proc.field(before, "heap"), Proc.field(after, "heap"), heapPerConn,
                        rssPerConn, nativePerConn, kept));
                Thread.sleep((long) (Double.parseDouble(a.getOrDefault("hold", "0")) * 1000));
            } else {
                driver.connect(conns, pending, offer);
                if (a.containsKey("trace")) {
                    driver.trace = new TailTrace(serverPid, (long) (Double.parseDouble(a.getOrDefault("slow-us", "1000")) * 1000));
                }
                Measurement m = driver.run(frame, inflight, rate, warmup, duration, serverPid);
                System.out.println(head + m.format());
                if (driver.trace != null) {
                    driver.trace.write(Path.of(a.get("trace")), label);
                }
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            throw e;
        } finally {
            try {
                driver.closeAll();
            } catch (Exception e) {
                System.err.println("Closing the connections failed too: " + e);
            }
        }
        TimeUnit.MILLISECONDS.sleep(200);
    }

    /** A permessage-deflate payload (RFC 7692 §7.2.1): raw deflate, sync flush, the 00 00 FF FF tail removed. */
    static byte[] deflateRaw(byte[] data) {
        Deflater d = new Deflater(6, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4);
    }

    private static boolean answers(String answer, String name) {
        return answer.contains(" " + name + "=") && Proc.field(answer, name) >= 0;
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("Expected --name value pairs but got '" + argv[i] + "'.");
            }
            a.put(argv[i].substring(2), argv[++i]);
        }
        return a;
    }

    private static String req(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required.");
        }
        return v;
    }
}
