package dev.wscodec.vertx.impl.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The TCP side of one connection: a Netty handler that takes the place of Vert.x's own handler on the socket's
 * pipeline once the {@code NetServer} or {@code NetClient} handed the socket over, as Vert.x's HTTP server does
 * with its connections. This keeps the bridge on Vert.x's servers, clients, event loops, TLS and shutdown, and
 * drops what a {@link NetSocket} would add per connection and per message: its inbound and outbound queues (about
 * 5 KB of heap per idle connection), a heap copy of every read, and a Vert.x future per write.
 *
 * <p>Reading is on demand ({@link #read()}, auto-read off). Writes are batched by a {@link WritePath}: those made
 * while a read is being handled are flushed when the read completes, all others once per event-loop task, and small
 * ones travel down the pipeline together in one pooled direct buffer. A failed write closes TCP at once and is
 * reported ({@link LinkListener#onWriteFailed}); nothing is written after it. Callbacks run on the connection's
 * Vert.x context.
 */
public final class Link extends ChannelInboundHandlerAdapter {

    private static final String SHUTDOWN_EVENT = "io.vertx.core.net.impl.ShutdownEvent";

    private final ContextInternal context;
    private final boolean inline;
    private final boolean ssl;
    private final Channel channel;
    private LinkListener listener;
    private WritePath writes;

    private Link(ContextInternal context, NetSocketInternal socket) {
        this.context = context;
        this.channel = socket.channelHandlerContext().channel();
        this.inline = context.isEventLoopContext() && context.nettyEventLoop() == channel.eventLoop();
        this.ssl = socket.isSsl();
    }

    /**
     * Puts a link in the place of Vert.x's handler on {@code socket}'s pipeline; call on the socket's context, in
     * the connect handler. Nothing more is read until {@link #read()}.
     */
    public static Link install(Context context, NetSocket socket, LinkListener listener) {
        NetSocketInternal so = (NetSocketInternal) socket;
        Link link = new Link((ContextInternal) context, so);
        link.listener = listener;
        link.writes = new WritePath(link.channel, listener, link::emit);
        ChannelHandlerContext vertxHandler = so.channelHandlerContext();
        link.channel.config().setAutoRead(false);
        if (!link.inline) {
            // Not on the channel's event loop (a worker context): the event loop may have read the first bytes into
            // the NetSocket before this runs. They reach its handler on this context, in order, before anything the
            // link reads (which waits for read()).
            socket.handler(data -> listener.onRead(((BufferInternal) data).getByteBuf().nioBuffer()));
        }
        vertxHandler.pipeline().replace(vertxHandler.handler(), "wscodec", link);
        return link;
    }

    // ---- reading ----

    /** Asks for one read; {@link LinkListener#onRead} follows once bytes arrived. */
    public void read() {
        channel.read();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        writes.attach(ctx);
        if (!ctx.channel().isActive()) {
            // Closed before the link took Vert.x's place (a worker context's connect handler runs late): the channel
            // will not become inactive again, so tell the connection (once it is constructed and started).
            ctx.executor().execute(() -> emit(listener::onClosed));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        writes.readStarted();
        if (inline) {
            ContextInternal prev = context.beginDispatch();
            try {
                listener.onRead(buf.nioBuffer());
            } finally {
                context.endDispatch(prev);
                buf.release();
            }
        } else {
            context.execute(buf, b -> {
                try {
                    listener.onRead(b.nioBuffer());
                } finally {
                    b.release();
                }
            });
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        writes.readComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writes.closed();
        emit(listener::onClosed);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        writes.end();
        emit(() -> listener.onError(cause));
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event.getClass().getName().equals(SHUTDOWN_EVENT)) {
            emit(listener::onShutdown);
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            emit(listener::onWritable);
        } else {
            emit(listener::onBacklog);
        }
    }

    private void emit(Runnable task) {
        if (inline) {
            ContextInternal prev = context.beginDispatch();
            try {
                task.run();
            } finally {
                context.endDispatch(prev);
            }
        } else {
            context.execute(task);
        }
    }

    // ---- writing (see WritePath) ----

    /**
     * Writes {@code bytes}; the caller hands them over. Small writes are copied into one pooled direct buffer that
     * goes down the pipeline at the next flush (one pipeline write for all the small frames of a read, and no
     * heap-to-direct copy later); larger ones are wrapped, not copied. Flushed soon, see the class doc.
     */
    public void write(ByteBuffer bytes) {
        writes.write(bytes);
    }

    /** Writes the buffers of a frame as one write: its header and payload go out together or, failing, not at all. */
    public void write(ByteBuffer[] parts, int count) {
        writes.write(parts, count);
    }

    /** Completes once everything written so far was written to the socket (or fails if that write failed). */
    public Future<Void> whenWritten() {
        Promise<Void> promise = context.promise();
        ChannelPromise p = channel.newPromise();
        p.addListener(f -> {
            if (f.isSuccess()) {
                promise.tryComplete();
            } else {
                promise.tryFail(f.cause());
            }
        });
        writes.mark(p); // writes complete in order: this one completes after all before it
        return promise.future();
    }

    /**
     * Something that changes whenever the socket takes bytes, for the write-stall timeout: the flushed buffer being
     * written and how much of it was written (added writes change neither). {@code null} when nothing waits to be
     * written (or the channel is closed).
     */
    public Object writeProgress() {
        return writes.progress();
    }

    /**
     * Runs {@code task} on the connection's context, later, once everything written so far went out (or failed).
     * Listens on the latest write (writes complete in order) rather than adding a marker write, which would count as
     * queued bytes (Netty's per-entry overhead) and hold back a large send that is allowed when nothing is queued.
     */
    public void whenFlushed(Runnable task) {
        ChannelPromise last = writes.lastWrite();
        if (last == null) {
            context.runOnContext(v -> task.run());
        } else {
            last.addListener(f -> context.runOnContext(v -> task.run()));
        }
    }

    /** Bytes written and not yet taken by the socket. */
    public long pendingBytes() {
        return writes.pendingBytes();
    }

    /** Whether the socket's outbound buffer is below its high-water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Runs {@code task} on the connection's context after {@code delayMs}, unless cancelled. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return channel.eventLoop().schedule(() -> emit(task), delayMs, TimeUnit.MILLISECONDS);
    }

    // ---- closing ----

    /** Closes TCP once everything written so far went out (or failed). */
    public void closeAfterWrites() {
        ChannelPromise p = channel.newPromise();
        p.addListener(ChannelFutureListener.CLOSE);
        writes.mark(p);
    }

    /** Closes TCP now; what was written and not yet flushed is flushed first. */
    public void close() {
        writes.flushAndEnd();
        channel.close();
    }

    // ---- addresses ----

    public SocketAddress remoteAddress() {
        return convert(channel.remoteAddress());
    }

    public SocketAddress localAddress() {
        return convert(channel.localAddress());
    }

    public boolean isSsl() {
        return ssl;
    }

    private static SocketAddress convert(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress inet ? SocketAddress.inetSocketAddress(inet) : null;
    }
}
