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
