package dev.wscodec.impl.deflate;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Creates, pools and ends the raw-DEFLATE {@link Deflater}s and {@link Inflater}s of permessage-deflate. They hold
 * native memory (zlib: about 256 KiB per deflater, 32 KiB window plus 7 KiB state per inflater), so:
 * <ul>
 *   <li>a connection with context takeover keeps its own instance, created on first use and ended by
 *       {@link PerMessageDeflate#release()};</li>
 *   <li>a connection without context takeover borrows one per message from these small static pools and gives it
 *       back, reset, at the message's end, so an idle connection holds none.</li>
 * </ul>
 * Each pool keeps at most {@link #CAPACITY} idle instances (per compression level for deflaters); an instance given
 * back to a full pool is ended. The pools are shared by all engines and are thread-safe (engines run on different
 * threads). Counters of live instances (created and not yet ended) let tests check that nothing leaks.
 */
final class ZlibPool {

    /** Idle instances kept per pool: the number of processors, at least 4. */
    static final int CAPACITY = Math.max(4, Runtime.getRuntime().availableProcessors());

    private static final AtomicInteger LIVE_DEFLATERS = new AtomicInteger();
    private static final AtomicInteger LIVE_INFLATERS = new AtomicInteger();

    /** Idle deflaters by level + 1 (level -1 is zlib's default). */
    @SuppressWarnings("unchecked")
    private static final ArrayDeque<Deflater>[] DEFLATERS = new ArrayDeque[11];
    private static final ArrayDeque<Inflater> INFLATERS = new ArrayDeque<>();

    static {
        for (int i = 0; i < DEFLATERS.length; i++) {
            DEFLATERS[i] = new ArrayDeque<>();
        }
    }

    private ZlibPool() {
    }

    /** A new raw deflater (no zlib header, RFC 7692 §7.2.1) owned by the caller until {@link #end(Deflater)}. */
    static Deflater newDeflater(int level) {
        Deflater d = new Deflater(level, true);
        LIVE_DEFLATERS.incrementAndGet();
        return d;
    }

    /** A new raw inflater owned by the caller until {@link #end(Inflater)}. */
    static Inflater newInflater() {
        Inflater i = new Inflater(true);
        LIVE_INFLATERS.incrementAndGet();
        return i;
    }

    /** An idle deflater of this level, pooled or new; give it back with {@link #giveBack(int, Deflater)}. */
    static Deflater borrowDeflater(int level) {
        ArrayDeque<Deflater> pool = DEFLATERS[level + 1];
        Deflater d;
        synchronized (pool) {
            d = pool.pollFirst();
        }
        return d != null ? d : newDeflater(level);
    }

    /** An idle inflater from the pool, or a new one. Give it back with {@link #giveBack(Inflater)}. */
    static Inflater borrowInflater() {
        Inflater i;
        synchronized (INFLATERS) {
            i = INFLATERS.pollFirst();
        }
        return i != null ? i : newInflater();
    }

    /** Resets a deflater that finished a message cleanly and pools it, or ends it when the pool is full. */
    static void giveBack(int level, Deflater d) {
        d.reset();
        ArrayDeque<Deflater> pool = DEFLATERS[level + 1];
        synchronized (pool) {
            if (pool.size() < CAPACITY) {
                pool.addFirst(d);
                return;
            }
        }
        end(d);
    }

    /** Resets an inflater that finished a message cleanly and pools it, or ends it when the pool is full. */
    static void giveBack(Inflater i) {
        i.reset();
        synchronized (INFLATERS) {
            if (INFLATERS.size() < CAPACITY) {
                INFLATERS.addFirst(i);
                return;
            }
        }
        end(i);
    }

    /** Frees the deflater's native memory now. */
    static void end(Deflater d) {
        d.end();
        LIVE_DEFLATERS.decrementAndGet();
    }

    /** Frees the inflater's native memory now. */
    static void end(Inflater i) {
        i.end();
        LIVE_INFLATERS.decrementAndGet();
    }

    /** Deflaters created and not ended, pooled ones included. */
    static int liveDeflaters() {
        return LIVE_DEFLATERS.get();
    }

    /** Inflaters created and not ended, pooled ones included. */
    static int liveInflaters() {
        return LIVE_INFLATERS.get();
    }

    /** Idle pooled instances, deflaters and inflaters together. */
    static int pooled() {
        int n;
        synchronized (INFLATERS) {
            n = INFLATERS.size();
        }
        for (ArrayDeque<Deflater> pool : DEFLATERS) {
            synchronized (pool) {
                n += pool.size();
            }
        }
        return n;
    }
}
