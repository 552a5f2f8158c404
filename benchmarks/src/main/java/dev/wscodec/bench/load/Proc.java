package dev.wscodec.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/<pid>/stat}, and the client of a server's {@link ControlPort}. */
final class Proc {

    /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
    private static final long TICK_NANOS = 10_000_000L;

    private Proc() {
    }

    /** User + system CPU time of {@code pid} ("self" for this process), in nanoseconds. */
    static long cpuNanos(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] is field 3 (state); utime is field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
        }
    }

    /**
     * Nanoseconds that all threads of {@code pid} spent runnable but waiting for a CPU (the second field of
     * {@code /proc/<pid>/task/<tid>/schedstat}, summed), or -1 where the kernel does not report it.
     */
    static long runQueueNanos(String pid) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]);
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /**
     * The thread of {@code pid} that runs the server's event loop: the first whose name starts with one of the
     * event-loop names of Vert.x and Netty, else the process's main thread (Node's loop).
     */
    static String eventLoopTask(String pid) {
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (comm.startsWith("vert.x-eventloo") || comm.startsWith("multiThreadIoEv")
                        || comm.startsWith("nioEventLoopGro")) {
                    return task.getFileName().toString();
                }
            }
        } catch (IOException | RuntimeException e) {
            return pid;
        }
        return pid;
    }

    /** Like {@link #control} but {@code null} where the server does not know the command. */
    static String controlOrNull(int port, String command) {
        try {
            return control(port, command);
        } catch (IllegalStateException unknown) {
            return null;
        }
    }

    /** Sends one command to a server's control port and returns the answer line. */
    static String control(int port, String command) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            out.println(command);
            String answer = in.readLine();
            if (answer == null || answer.startsWith("error")) {
                throw new IllegalStateException("The control port answered '" + answer + "' to '" + command + "'.");
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the control port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The value of {@code name=} in an answer like {@code heap=1 rss=2}. */
    static long field(String answer, String name) {
        for (String part : answer.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new IllegalStateException("No '" + name + "' in '" + answer + "'.");
    }
}
