package dev.wscodec.vertx.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * The writing side's flow control: the outbound limit check, and the tasks that wait for room (senders) until the
 * socket drained below its low-water mark or the connection ended. Used on the connection's context only.
 */
final class Outbox {

    private final Link link;
    private List<Runnable> waiters;
    private boolean ended;

    Outbox(Link link) {
        this.link = link;
    }

    /** Bytes written but not yet taken by the socket. */
    long queued() {
        return link.pendingBytes();
    }

    /**
     * The outbound limit policy: whether writing {@code size} more bytes would pass {@code limit} while bytes are
     * already queued (a lone write larger than the limit is let through when nothing waits).
     */
    boolean wouldExceed(long size, long limit) {
        long queued = link.pendingBytes();
        return queued > 0 && queued + size > limit;
    }

    /** Whether a sender may produce more: the socket's outbound buffer is below its high-water mark. */
    boolean writable() {
        return link.isWritable();
    }

    /** Runs {@code task} now if there is room, else once there is (or the connection ended). */
    void whenWritable(Runnable task) {
        if (ended || writable()) {
            task.run();
        } else {
            if (waiters == null) {
                waiters = new ArrayList<>(1);
            }
            waiters.add(task);
        }
    }

    /** The connection ended: waiting tasks run now (and find it closed). */
    void end() {
        ended = true;
        wake();
    }

    /** The socket drained: waiting tasks run (and may wait again). */
    void wake() {
        if (waiters == null || waiters.isEmpty() || (!ended && !writable())) {
            return;
        }
        List<Runnable> ready = new ArrayList<>(waiters);
        waiters.clear();
        ready.forEach(Runnable::run);
    }
}
