package dev.wscodec.impl.deflate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's resident memory (Linux {@code /proc/self/status}) and subtracts what the JVM has committed
 * for heap and non-heap, leaving mostly native allocations such as zlib's. NMT cannot be used for this: it only
 * tracks the JVM's own allocations, not zlib's {@code malloc}.
 */
final class NativeMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private NativeMemory() {
    }

    static boolean available() {
        return Files.isReadable(STATUS);
    }

    /** Resident set size in bytes. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("No VmRSS line in " + STATUS);
    }

    /** Resident memory not committed by the JVM for its heap and non-heap pools (after a GC). */
    static long outsideJvmPools() {
        System.gc();
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        return rss() - bean.getHeapMemoryUsage().getCommitted() - bean.getNonHeapMemoryUsage().getCommitted();
    }

    /** Heap in use after a GC. */
    static long heapUsed() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
