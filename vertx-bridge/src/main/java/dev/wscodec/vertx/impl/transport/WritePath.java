package dev.wscodec.vertx.impl.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

/**
 * The writing half of a {@link Link}: batches writes, gathers small ones into one pooled direct buffer, flushes,
 * and turns a failed write into a closed connection.
 *
 * <p>Writes made while a read is being handled are flushed when the read completes, all others once per event-loop
 * task. A write of at most {@value #GATHER_MAX} bytes made on the event loop is copied into the buffer being gathered,
 * which goes down the pipeline (as one write) at the next flush or before the next large write, so the order of
 * writes holds; a larger one is wrapped, not copied. A failed write (a reset, no direct memory for the copy) closes
 * TCP at once, so nothing written after it goes out, and is reported once. Everything but {@link #end()} and the
 * writes made off the event loop (which go straight to the channel) runs on the channel's event loop.
 */
final class WritePath {

    /** Writes up to this size are gathered into one direct buffer per flush. */
    static final int GATHER_MAX = 8 * 1024;
    private static final int GATHER_INITIAL = 1024;

    private final Channel channel;
    private final LinkListener listener;
    /** Runs a listener call on the connection's context. */
    private final Consumer<Runnable> emit;
    /** Every write's promise reports to this: a failed write closes TCP before anything else goes out. */
    private final ChannelFutureListener onWriteDone = f -> {
        if (!f.isSuccess()) {
            failed(f.cause());
        }
    };
    private final Runnable flushTask = this::flush;
    /** Made once: a flush that leaves bytes waiting reports it without allocating. */
    private final Runnable backlog;
    private ChannelHandlerContext ctx;
    private boolean reading;
    private boolean needsFlush;
    private boolean flushScheduled;
    /** The promise of the latest write that carried bytes: it completes once everything before it went out. */
    private ChannelPromise lastWrite;
    /** TCP is closing or closed (by either side): writes are dropped, and their failures are expected. */
    private volatile boolean ended;
    /** Small writes not yet passed down the pipeline, or {@code null}. */
    private ByteBuf gathered;

    WritePath(Channel channel, LinkListener listener, Consumer<Runnable> emit) {
        this.channel = channel;
        this.listener = listener;
        this.emit = emit;
        this.backlog = listener::onBacklog;
    }

    /** The link's place in the pipeline, once it has one; writes go down from there. */
    void attach(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void readStarted() {
        reading = true;
    }

    void readComplete() {
        reading = false;
        if (needsFlush) {
            flush();
        }
    }

    void write(ByteBuffer bytes) {
        if (ended) {
            return;
        }
        int n = bytes.remaining();
        listener.onWritten(n);
        if (n <= GATHER_MAX && channel.eventLoop().inEventLoop()) {
            gather(bytes);
        } else {
            write(Unpooled.wrappedBuffer(bytes), tracked());
        }
    }

    void write(ByteBuffer[] parts, int count) {
        if (count == 1 || ended) {
            write(parts[0]);
            return;
        }
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += parts[i].remaining();
        }
        listener.onWritten((int) n);
        if (n <= GATHER_MAX && channel.eventLoop().inEventLoop()) {
            for (int i = 0; i < count; i++) {
                gather(parts[i]);
            }
        } else {
            ByteBuffer[] all = new ByteBuffer[count];
            System.arraycopy(parts, 0, all, 0, count);
            write(Unpooled.wrappedBuffer(all), tracked());
        }
    }

    /** Writes nothing, in order: {@code promise} completes once everything written before it went out. */
    void mark(ChannelPromise promise) {
        write(Unpooled.EMPTY_BUFFER, promise);
    }

    private void gather(ByteBuffer bytes) {
        if (ended) {
            return; // a part of a frame whose first part could not be written
        }
        try {
            ByteBuf g = gathered;
            if (g == null) {
                g = gathered = ctx.alloc().directBuffer(Math.max(bytes.remaining(), GATHER_INITIAL));
            }
            g.writeBytes(bytes);
        } catch (OutOfMemoryError noDirectMemory) {
            // The copy found no direct memory (many connections that read slowly, say): this connection's write
            // fails as if the socket had refused it, instead of the error reaching whoever wrote (a topic's fan-out
            // loop, which goes on to the other subscribers).
            failed(noDirectMemory);
            return;
        }
        needFlush();
    }

    private ChannelPromise tracked() {
        ChannelPromise p = channel.newPromise().addListener(onWriteDone);
        lastWrite = p;
        return p;
    }

    /** A write failed (no direct memory for its copy, a reset): close TCP now, before anything written after it. */
    private void failed(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        releaseGathered();
        if (!(cause instanceof ClosedChannelException)) {
            emit.accept(() -> listener.onWriteFailed(cause)); // a write after the channel closed is no failure
        }
        channel.close();
    }

    private void write(ByteBuf buf, ChannelPromise promise) {
        if (ended) {
            buf.release();
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        if (!channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(buf, promise);
            return;
        }
        passGathered();
        ctx.write(buf, promise);
        needFlush();
    }

    private void needFlush() {
        if (!needsFlush) {
            needsFlush = true;
            if (!reading && !flushScheduled) {
                flushScheduled = true;
                channel.eventLoop().execute(flushTask);
            }
        }
    }

    /** Sends the small writes gathered so far down the pipeline (keeping the order of writes). */
    private void passGathered() {
        ByteBuf g = gathered;
        if (g != null) {
            gathered = null;
            ctx.write(g, tracked());
        }
    }

    private void flush() {
        flushScheduled = false;
        if (needsFlush) {
            needsFlush = false;
            passGathered();
            ctx.flush();
            ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
            if (out != null && out.totalPendingWriteBytes() > 0) {
                emit.accept(backlog);
            }
        }
    }

    /**
     * The promise of the latest write that carried bytes, after passing on what was gathered (on the event loop), or
     * {@code null} if nothing was written.
     */
    ChannelPromise lastWrite() {
        if (channel.eventLoop().inEventLoop()) {
            passGathered();
        }
        return lastWrite;
    }

    /** Flushes what was written (on the event loop) and drops every later write. */
    void flushAndEnd() {
        if (channel.eventLoop().inEventLoop() && !ended) {
            flush();
        }
        ended = true;
    }

    /** TCP is closing: later writes are dropped. Any thread. */
    void end() {
        ended = true;
    }

    /** TCP closed: later writes are dropped and the gathered buffer goes back to the pool. */
    void closed() {
        ended = true;
        releaseGathered();
    }

    private void releaseGathered() {
        ReferenceCountUtil.safeRelease(gathered);
        gathered = null;
    }

    /** Bytes written and not yet taken by the socket. */
    long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        ByteBuf g = gathered;
        return (out == null ? 0 : out.totalPendingWriteBytes()) + (g == null ? 0 : g.readableBytes());
    }

    /** See {@link Link#writeProgress()}. */
    Object progress() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out == null || out.totalPendingWriteBytes() == 0) {
            return null;
        }
        Object current = out.current();
        return new Progress(current == null ? 0 : System.identityHashCode(current), out.currentProgress());
    }

    private record Progress(int current, long written) {
    }
}
