package dev.wscodec.examples;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of many connections on one daemon thread (the blocking server's handshake and close deadlines).
 * Each connection holds a {@link Slot}: at most one deadline runs in it at a time. Expiry actions run on the shared
 * thread and must not block.
 */
final class Deadlines implements AutoCloseable {

    private final ScheduledExecutorService scheduler;

    Deadlines(String threadName) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** A slot for one connection, with no deadline running. */
    Slot slot() {
        return new Slot();
    }

    /** Drops every pending deadline; slots set afterwards expire at once. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** One connection's deadline. */
    final class Slot {
        private ScheduledFuture<?> running;

        /** Replaces the running deadline: {@code onExpiry} runs in {@code millis} unless cancelled or replaced. */
        synchronized void set(long millis, Runnable onExpiry) {
            cancel();
            try {
                running = scheduler.schedule(onExpiry, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                onExpiry.run();
            }
        }

        synchronized void cancel() {
            if (running != null) {
                running.cancel(false);
                running = null;
            }
        }
    }
}
