package dev.wscodec.vertx.impl.connection;

import dev.wscodec.vertx.impl.transport.Link;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.WsMetrics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The writing side of a connection: the engine's own output and the application's messages under the
 * outbound limit, and the tasks that wait for room (senders) until the socket drained below its low-water mark or
 * the connection ended. Used on the connection's context only.
 */
final class Outbox {

    /** What the outbox asks of the connection that owns it. */
    interface Owner {
        /** The connection's engine (a server may replace it while routing, before anything is sent). */
        WsEngine engine();

        /** Whether data messages may be sent: the connection and its engine are open. */
        boolean canSend();

        WsClosedException closedException(String message);

        /** Starts the close handshake (the outbound limit was exceeded). */
        void startClose(CloseStatus status);

        /** A data message went out: the connection is not idle. */
        void onDataSent();

        /** Written bytes drained: read again if reading paused for them. */
        void pump();
    }

    /** RFC 6455 §5.2: the most a frame header adds to a message (2 bytes, 8 of extended length, 4 of mask key). */
    private static final long MAX_FRAME_HEADER = 14;


    private final Owner owner;
    private final Link link;
    private final long limit;
    private final WsMetrics metrics;
    /** A ping was decoded since the engine's output was last taken: the engine holds its pong. */
    private boolean pongOwed;
    private List<Runnable> waiters;
    private boolean ended;
    private boolean drainWatched;
    /** The sender whose streamed message is being written, or {@code null}. */
    private Object streamOwner;
    /** The buffers of the frame being sent, gathered to go out as one write. */
    private ByteBuffer[] parts = new ByteBuffer[3];
    private int count;
    private final Consumer<ByteBuffer> gather = b -> {
        if (count == parts.length) {
            parts = Arrays.copyOf(parts, count * 2);
        }
        parts[count++] = b;
    };

    Outbox(Link link, long limit, WsMetrics metrics, Owner owner) {
        this.owner = owner;
        this.link = link;
        this.limit = limit;
        this.metrics = metrics;
    }

    /** The engine decoded a ping and (autoPong) queued its pong. */
    void onPing() {
        pongOwed = true;
    }

    /**
     * Writes the engine's own output (pongs, close replies, error responses), if any. The engine's output counts
     * toward the outbound limit: while more than the limit waits to be written, pongs stay in the engine, which keeps
     * only a few of them (RFC 6455 §5.5.3 lets it answer only the most recent ping), and reading pauses until the
     * bytes drained. A close reply or error is always written.
     */
    void writeOutput() {
        if (pongOwed && owner.engine().state() == WsEngine.State.OPEN && above(limit)) {
            whenDrained(this::onDrained);
            return;
        }
        pongOwed = false;
        ByteBuffer out = owner.engine().pollOutput();
        if (out != null && out.hasRemaining()) {
            link.write(out);
        }
    }

    /**
     * Whether the engine holds pongs back because more than the outbound limit waits to be written: reading then
     * pauses until the bytes drained, so a peer that floods pings and never reads the pongs is not read either.
     */
    boolean outputHeld() {
        return pongOwed && above(limit);
    }

    /** What was written went out: write what the engine held back, and read again if reading paused for it. */
    void onDrained() {
        writeOutput();
        owner.pump();
    }

    /**
     * Sends one message under the outbound policy: refused once the session is closing; closes the session with
     * 1008 when the message would grow the queued bytes beyond the limit while bytes are queued. The frame goes out
     * as one write, preceded by any output the engine had queued: its header and payload reach the socket together,
     * or not at all.
     *
     * @return {@code null} when the message was written (it goes out with the next flush), else why not
     */
    Throwable sendMessage(Message m) {
        Throwable refused = refusal(m.length());
        if (refused != null) {
            return refused;
        }
        // A gathering send: a large payload is passed on as a read-only view of the message, not copied.
        refused = write(m, null);
        if (refused == null) {
            metrics.messageSent(m.length());
        }
        return refused;
    }

    /**
     * Why {@code length} payload bytes may not be sent now, or {@code null}: refused once the session is closing;
     * closes the session with 1008 when they would grow the queued bytes beyond the limit while bytes are queued.
     */
    private Throwable refusal(long length) {
        if (!owner.canSend()) {
            return owner.closedException("The session is closing or closed; the message was not sent.");
        }
        if (wouldExceed(length + MAX_FRAME_HEADER, limit)) {
            CloseStatus st = CloseStatus.of(CloseStatus.POLICY_VIOLATION, "The outbound queue limit was exceeded.");
            Connection.LOG.warn("Closing the connection with {}: {} bytes are queued and a frame of {} bytes would "
                    + "exceed the limit of {} bytes.", link.remoteAddress(), queued(), length, limit);
            metrics.limitExceeded(WsMetrics.Limit.OUTBOUND_QUEUE);
            owner.startClose(st);
            return new WsClosedException(st, "Sending " + length + " bytes would exceed the "
                    + "outbound queue limit of " + limit + " bytes; the session is closed with 1008.");
        }
        return null;
    }

    /**
     * Sends one chunk of a streamed message (one frame) for {@code sender}, under the policy of
     * {@link #sendMessage}. Its first chunk takes the lane: until its last chunk, other senders wait
     * ({@link #whenWritable}), since RFC 6455 §5.4 lets no other data frame in between a message's fragments.
     *
     * @return {@code null} when the frame was written, else why not
     */
    Throwable sendChunk(Object sender, MessageChunk chunk) {
        Throwable refused = refusal(chunk.data().remaining());
        if (refused != null) {
            return refused;
        }
        try {
            link.write(owner.engine().send(chunk));
        } catch (WsUsageException e) {
            return e;
        }
        pongOwed = false; // the engine's queued output went out first, in the same write
        owner.onDataSent();
        if (chunk.last()) {
            releaseLane(sender);
        } else {
            streamOwner = sender;
        }
        return null;
    }

    /** The streamed message of {@code sender} ended (or can never end): other senders may go on. */
    void releaseLane(Object sender) {
        if (streamOwner == sender) {
            streamOwner = null;
            wake();
        }
    }

    /** Whether a streamed message is being sent: its fragments have begun and not ended. */
    boolean streaming() {
        return streamOwner != null;
    }

    /**
     * Sends a message prepared once for many connections (see {@link WsEngine#send(PreparedMessage, Consumer)})
     * under the same policy as {@link #sendMessage}.
     *
     * @return {@code null} when the frame was written, else why not
     */
    Throwable sendPrepared(PreparedMessage p) {
        Message m = p.message();
        if (!owner.canSend()
                || wouldExceed(m.length() + MAX_FRAME_HEADER, limit)) {
            return sendMessage(m); // the same refusal, or 1008 close
        }
        return write(m, p);
    }

    /** Encodes {@code m} (or {@code prepared}); writes its buffers, after the engine's queued output, as one write. */
    private Throwable write(Message m, PreparedMessage prepared) {
        count = 0;
        try {
            if (prepared == null) {
                owner.engine().send(m, gather);
            } else {
                owner.engine().send(prepared, gather);
            }
            link.write(parts, count);
            pongOwed = false; // the engine's queued output went out first, in the same write
        } catch (WsUsageException e) {
            return e;
        } finally {
            Arrays.fill(parts, 0, count, null);
            count = 0;
        }
        owner.onDataSent();
        return null;
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

    /** Whether more than {@code limit} bytes wait to be written, the engine's own output included. */
    boolean above(long limit) {
        return link.pendingBytes() > limit;
    }

    /** Runs {@code task} once everything written so far went out; one such wait at a time. */
    void whenDrained(Runnable task) {
        if (drainWatched || ended) {
            return;
        }
        drainWatched = true;
        link.whenFlushed(() -> {
            drainWatched = false;
            task.run();
        });
    }

    /** Whether a sender may produce more: the socket's outbound buffer is below its high-water mark. */
    boolean writable() {
        return link.isWritable();
    }

    /**
     * Runs {@code task} for {@code sender} now if there is room and no other sender's streamed message is in
     * progress, else once so (or once the connection ended).
     */
    void whenWritable(Object sender, Runnable task) {
        if (ended || writable() && (streamOwner == null || streamOwner == sender)) {
            task.run();
        } else {
            park(() -> whenWritable(sender, task));
        }
    }

    /** Runs {@code task} now unless a streamed message is in progress, else once it ended (or the connection did). */
    void whenNoStream(Runnable task) {
        if (ended || streamOwner == null) {
            task.run();
        } else {
            park(() -> whenNoStream(task));
        }
    }

    private void park(Runnable retry) {
        if (waiters == null) {
            waiters = new ArrayList<>(1);
        }
        waiters.add(retry);
    }

    /** The connection ended: waiting tasks run now (and find it closed). */
    void end() {
        ended = true;
        wake();
    }

    /** The socket drained, or a streamed message ended: waiting tasks run (and may wait again, in order). */
    void wake() {
        if (waiters == null || waiters.isEmpty() || (!ended && !writable())) {
            return;
        }
        List<Runnable> ready = new ArrayList<>(waiters);
        waiters.clear();
        ready.forEach(Runnable::run);
    }
}
