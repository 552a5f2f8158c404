package dev.wscodec.bench.soak;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** What one kind of client did: sessions, messages and bytes checked, and every error (kept, at most 50). */
final class Tally {

    final String kind;
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong errorCount = new AtomicLong();
    /** Ticker: updates the server left out on purpose (its latest-only policy while the session could not take one). */
    final AtomicLong conflated = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    Tally(String kind) {
        this.kind = kind;
    }

    void error(String what) {
        if (errorCount.incrementAndGet() <= 50) {
            errors.add(what);
        }
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public String toString() {
        return kind + ": " + sessions + " sessions, " + messages + " messages, " + bytes + " bytes, " + errorCount
                + " errors";
    }
}
