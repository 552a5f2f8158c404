package dev.wscodec.impl;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** Bytes the engine produced by itself (pongs, close replies, errors), handed out together in order. */
final class OutputQueue {

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(2);

    void add(ByteBuffer bytes) {
        queue.add(bytes);
    }

    /** Everything queued as one buffer, or {@code null} when nothing is queued. */
    ByteBuffer poll() {
        if (queue.size() <= 1) {
            return queue.poll();
        }
        int total = 0;
        for (ByteBuffer b : queue) {
            total += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer b; (b = queue.poll()) != null; ) {
            all.put(b);
        }
        return all.flip();
    }
}
