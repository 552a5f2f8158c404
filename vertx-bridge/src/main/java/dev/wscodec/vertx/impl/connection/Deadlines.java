package dev.wscodec.vertx.impl.connection;

import java.util.Objects;

/**
 * The deadlines of a connection as a pure value: the keep-alive ping and its pong, the idle timeout and the write
 * stall. Every event gives the next value; {@link #dueOpen} and {@link #checkStall} say, for a time, which
 * {@link Action} is due, as {@link Ending} says how a connection ended. No clock, no socket, no scheduling: the
 * times are {@link System#nanoTime()} values passed in, and {@link Timers} schedules and acts. A timeout of 0 is
 * off.
 */
final class Deadlines {

    /** What a deadline asks for. */
    enum Action {
        /** Nothing is due (a deadline may have moved). */
        NONE,
        /** Send a keep-alive ping. */
        PING,
        /** The peer did not answer a ping in time: drop the connection. */
        NO_PONG,
        /** No data message went either way for the idle timeout: close with 1001. */
        IDLE,
        /** The socket took none of the bytes waiting for it for the write-stall timeout: drop the connection. */
        WRITE_STALL
    }

    /** The value after a deadline was looked at, and what is due. */
    record Step(Deadlines next, Action action) {
    }

    private final long pingEvery;
    private final long pongWithin;
    private final long idleAfter;
    private final long stallAfter;
    private boolean open;
    private long lastData;
    private long pingDue;
    private long pongDue;
    private boolean awaitingPong;
    /** Non-null while bytes wait for the socket: what it had taken when last looked at, and since when. */
    private Object stallProgress;
    private long stallSince;

    private Deadlines(long pingEvery, long pongWithin, long idleAfter, long stallAfter) {
        this.pingEvery = pingEvery;
        this.pongWithin = pongWithin;
        this.idleAfter = idleAfter;
        this.stallAfter = stallAfter;
    }

    private Deadlines copy() {
        Deadlines d = new Deadlines(pingEvery, pongWithin, idleAfter, stallAfter);
        d.open = open;
        d.lastData = lastData;
        d.pingDue = pingDue;
        d.pongDue = pongDue;
        d.awaitingPong = awaitingPong;
        d.stallProgress = stallProgress;
        d.stallSince = stallSince;
        return d;
    }

    /** A connection's deadlines before it opens, from its timeouts in nanoseconds (0 = off). */
    static Deadlines of(long pingIntervalNs, long pongTimeoutNs, long idleTimeoutNs, long writeStallTimeoutNs) {
        return new Deadlines(pingIntervalNs, pongTimeoutNs, idleTimeoutNs, writeStallTimeoutNs);
    }

    /** The connection opened at {@code now}; {@code pings} is false when the protocol has no pings. */
    Deadlines opened(long now, boolean pings) {
        Deadlines d = new Deadlines(pings ? pingEvery : 0, pongWithin, idleAfter, stallAfter).withStall(stallProgress,
                stallSince);
        d.open = true;
        d.lastData = now;
        d.pingDue = now + d.pingEvery;
        return d;
    }

    private Deadlines withStall(Object progress, long since) {
        stallProgress = progress;
        stallSince = since;
        return this;
    }

    /** Bytes arrived: the peer is alive. */
    Deadlines onInput() {
        if (!awaitingPong) {
            return this;
        }
        Deadlines d = copy();
        d.awaitingPong = false;
        return d;
    }

    /** A data message was sent or received at {@code now}: the connection is not idle. */
    Deadlines onData(long now) {
        if (idleAfter == 0) {
            return this;
        }
        Deadlines d = copy();
        d.lastData = now;
        return d;
    }

    /** The earliest keep-alive or idle deadline of the open connection, or {@link Long#MAX_VALUE} for none. */
    long nextOpenDeadline() {
        if (!open) {
            return Long.MAX_VALUE;
        }
        long due = Long.MAX_VALUE;
        if (pingEvery > 0) {
            due = awaitingPong ? pongDue : pingDue;
        }
        if (idleAfter > 0) {
            due = Math.min(due, lastData + idleAfter);
        }
        return due;
    }

    /**
     * What the open connection's deadlines ask for at {@code now}. A missing pong counts only while a read is asked
     * for ({@code reading}): when the application requests nothing, the peer's answer may be waiting unread, and
     * the pong deadline moves on instead.
     */
    Step dueOpen(long now, boolean reading) {
        if (!open) {
            return new Step(this, Action.NONE);
        }
        if (idleAfter > 0 && now - lastData >= idleAfter) {
            return new Step(this, Action.IDLE);
        }
        if (pingEvery > 0) {
            if (awaitingPong && now - pongDue >= 0) {
                if (reading) {
                    return new Step(this, Action.NO_PONG);
                }
                Deadlines d = copy();
                d.pongDue = now + pongWithin;
                return new Step(d, Action.NONE);
            }
            if (!awaitingPong && now - pingDue >= 0) {
                Deadlines d = copy();
                d.awaitingPong = true;
                d.pongDue = now + pongWithin;
                d.pingDue = now + pingEvery;
                return new Step(d, Action.PING);
            }
        }
        return new Step(this, Action.NONE);
    }

    /** Whether the write stall is watched: on, and bytes were left waiting. */
    boolean watchingStall() {
        return stallProgress != null;
    }

    /**
     * Bytes were left waiting for the socket at {@code now}, which had taken {@code progress} of them (see
     * {@link #checkStall}); a no-op while watching or when the timeout is off.
     */
    Deadlines onBacklog(long now, Object progress) {
        if (stallAfter == 0 || stallProgress != null || progress == null) {
            return this;
        }
        return copy().withStall(progress, now);
    }

    /**
     * Looks at the write stall at {@code now}: {@code progress} is something that changes whenever the socket takes
     * bytes, {@code null} when nothing waits (the watch then ends). {@link Action#WRITE_STALL} when it did not
     * change for the timeout; else the watch goes on while {@link #watchingStall()}.
     */
    Step checkStall(long now, Object progress) {
        if (stallProgress == null) {
            return new Step(this, Action.NONE);
        }
        if (progress == null) {
            return new Step(copy().withStall(null, 0), Action.NONE);
        }
        if (!Objects.equals(progress, stallProgress)) {
            return new Step(copy().withStall(progress, now), Action.NONE);
        }
        if (now - stallSince >= stallAfter) {
            return new Step(copy().withStall(null, 0), Action.WRITE_STALL);
        }
        return new Step(this, Action.NONE);
    }
}
