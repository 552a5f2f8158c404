package dev.wscodec.vertx.impl;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The writing side of a socket: writes without copying, counts the bytes not yet flushed, and runs the tasks that
 * wait for room (senders) when the socket drained or the connection ended. Used on the connection's context only.
 */
final class Outbox {

    /** {@code send(Publisher)} requests the next message only while fewer bytes than this wait to be flushed. */
    static final int WRITABLE_BELOW = 64 * 1024;

    private final NetSocket socket;
    private final List<Runnable> waiters = new ArrayList<>(1);
    private long queued;
    private Future<Void> last;
    private boolean ended;

    Outbox(NetSocket socket) {
        this.socket = socket;
        socket.drainHandler(v -> wake());
    }

    /** Writes {@code bytes} (an engine's fresh output, wrapped, not copied). */
    Future<Void> write(ByteBuffer bytes) {
        int n = bytes.remaining();
        queued += n;
        Future<Void> f = socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes)));
        last = f;
        f.onComplete(ar -> {
            queued -= n;
            wake();
        });
        return f;
    }

    /** Bytes written but not yet flushed to the network. */
    long queued() {
        return queued;
    }

    /**
     * The outbound limit policy: whether writing {@code size} more bytes would pass {@code limit} while bytes are
     * already queued (a lone write larger than the limit is let through when nothing waits).
     */
    boolean wouldExceed(long size, long limit) {
        return queued > 0 && queued + size > limit;
    }

    /** The last write, or {@code null} before the first. */
    Future<Void> last() {
        return last;
    }

    /**
     * Whether a sender may produce more: the socket's write queue is not full and less than
     * {@link #WRITABLE_BELOW} bytes wait (our own count, which also covers single large writes).
     */
    boolean writable() {
        return queued < WRITABLE_BELOW && !socket.writeQueueFull();
    }

    /** Runs {@code task} now if there is room, else once there is (or the connection ended). */
    void whenWritable(Runnable task) {
        if (ended || writable()) {
            task.run();
        } else {
            waiters.add(task);
        }
    }

    /** The connection ended: waiting tasks run now (and find it closed). */
    void end() {
        ended = true;
        wake();
    }

    private void wake() {
        if (waiters.isEmpty() || (!ended && !writable())) {
            return;
        }
        List<Runnable> ready = new ArrayList<>(waiters);
        waiters.clear();
        ready.forEach(Runnable::run);
    }
}
