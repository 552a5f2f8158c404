package dev.wscodec.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A line-based control endpoint in a server process, on its own daemon thread (idle unless asked): {@code pid}
 * answers the process id; {@code heap} runs full GCs until the used heap settles and answers the used heap bytes
 * and the resident set size, all of it and the heap's part ({@code heap=N rss=M rss_heap=H}); {@code alloc} answers the heap bytes the live threads have
 * allocated so far ({@code alloc=N}).
 */
final class ControlPort {

    private ControlPort() {
    }

    static void start(int port) throws Exception {
        serve(port, ControlPort::answer);
    }

    /** Answers one line with another. */
    interface Answers {
        String answer(String line) throws Exception;
    }

    /**
     * Serves a line protocol on {@code port} of the loopback address (0: any free one), one client at a time, on a
     * daemon thread; returns the port bound.
     */
    static int serve(int port, Answers answers) throws IOException {
        ServerSocket server = new ServerSocket(port, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (true) {
                try (Socket s = server.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                             StandardCharsets.US_ASCII));
                     PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.println(answers.answer(line.trim()));
                    }
                } catch (Exception e) {
                    System.err.println("control: " + e);
                }
            }
        }, "control");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static String answer(String command) throws Exception {
        return switch (command) {
            case "pid" -> Long.toString(ProcessHandle.current().pid());
            case "heap" -> "heap=" + heapAfterGc() + " rss=" + rssBytes() + " rss_heap=" + heapRssBytes();
            case "alloc" -> "alloc=" + allocatedBytes();
            default -> "error unknown command '" + command + "'";
        };
    }

    static long heapAfterGc() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long used = usedHeap();
        for (int i = 0; i < 10 && used < previous; i++) {
            System.gc();
            Thread.sleep(100);
            previous = used;
            used = usedHeap();
        }
        return Math.min(used, previous);
    }

    /** Heap bytes allocated so far by the live threads (the event loop lives as long as the server). */
    static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(a, 0);
        }
        return sum;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The resident part of the Java heap: the Rss of the one mapping as large as the reserved heap
     * ({@code MaxHeapSize}) in {@code /proc/self/smaps}, or -1 if there is none. Heap pages become resident when first
     * written, garbage included, so a fresh process's RSS grows with what it allocated, not only with what it keeps;
     * the RSS outside the heap is what the process holds natively.
     */
    static long heapRssBytes() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long reservedKb = Long.parseLong(diagnostics.getVMOption("MaxHeapSize").getValue()) / 1024;
            boolean inHeap = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.startsWith("Size:")) {
                    inHeap = Long.parseLong(line.replaceAll("[^0-9]", "")) == reservedKb;
                } else if (inHeap && line.startsWith("Rss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
