package dev.wscodec.impl;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** Bytes the engine produced by itself (pongs, close replies, errors), handed out together in order. */
final class OutputQueue {

    /** Made on first use and kept empty afterwards: most connections never queue anything. */
    private ArrayDeque<ByteBuffer> queue;

    void add(ByteBuffer bytes) {
        if (queue == null) {
            queue = new ArrayDeque<>(2);
        }
        queue.add(bytes);
    }

    /** Everything queued as one buffer, or {@code null} when nothing is queued. */
    ByteBuffer poll() {
        if (queue == null) {
            return null;
        }
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
