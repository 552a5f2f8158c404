package dev.wscodec.impl;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Bytes the engine produced by itself (pongs, close replies, errors), handed out together in order. Pongs are
 * bounded: at most {@link #MAX_PENDING_PONGS} wait to be handed out, and the pong of any further ping replaces the
 * newest waiting one (RFC 6455 §5.5.3 lets an endpoint answer only the most recent of the pings it has not yet
 * answered), so a peer that floods pings while the caller does not poll cannot grow the queue.
 */
final class OutputQueue {

    /** Pongs that may wait to be handed out before a further ping's pong replaces the newest of them. */
    static final int MAX_PENDING_PONGS = 16;

    /** Made on first use and kept empty afterwards: most connections never queue anything. */
    private ArrayDeque<ByteBuffer> queue;
    /** Pongs waiting in {@link #queue}. */
    private int pongs;
    /** Whether the newest entry of {@link #queue} is a pong. */
    private boolean pongLast;

    void add(ByteBuffer bytes) {
        if (queue == null) {
            queue = new ArrayDeque<>(2);
        }
        queue.add(bytes);
        pongLast = false;
    }

    /** Queues the pong for a ping, or lets it replace the newest waiting pong once enough pongs wait. */
    void addPong(ByteBuffer pong) {
        if (pongs >= MAX_PENDING_PONGS && pongLast) {
            // RFC 6455 §5.5.3: answering only the most recent ping is allowed; the older pong is dropped unsent.
            queue.pollLast();
            queue.add(pong);
            return;
        }
        add(pong);
        pongs++;
        pongLast = true;
    }

    /** Everything queued as one buffer, or {@code null} when nothing is queued. */
    ByteBuffer poll() {
        if (queue == null) {
            return null;
        }
        pongs = 0;
        pongLast = false;
        if (queue.size() <= 1) {
            return queue.poll();
        }
        return drainInto(0).flip();
    }

    /**
     * {@code next} behind everything queued, as one buffer: the engine's own frames (a pong, say) were produced
     * first and must reach the wire first. Returns {@code next} itself when nothing is queued.
     */
    ByteBuffer pollBefore(ByteBuffer next) {
        if (queue == null || queue.isEmpty()) {
            return next;
        }
        pongs = 0;
        pongLast = false;
        return drainInto(next.remaining()).put(next).flip();
    }

    /** Everything queued, copied into a new buffer with {@code extra} bytes of room left behind it. */
    private ByteBuffer drainInto(int extra) {
        int total = extra;
        for (ByteBuffer b : queue) {
            total += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer b; (b = queue.poll()) != null; ) {
            all.put(b);
        }
        return all; // positioned after the queued bytes, with room for {@code extra} more
    }
}
