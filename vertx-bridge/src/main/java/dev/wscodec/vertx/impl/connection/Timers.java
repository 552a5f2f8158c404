package dev.wscodec.vertx.impl.connection;

import dev.wscodec.vertx.impl.transport.Link;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of a connection: the handshake timeout; a keep-alive ping every interval, dropping a peer that sends
 * nothing within the pong timeout after it; closing with 1001 when no data message went either way for the idle
 * timeout; the close timeout that ends TCP when the close handshake takes too long; and the write-stall timeout that
 * drops a peer that takes none of the bytes waiting for it for that long.
 *
 * <p>When something is due is {@link Deadlines}' decision, a pure value; this class schedules the deadlines and
 * reports what is due ({@link Due}) to its {@link Owner}, which carries it out (one switch, in the connection). An
 * open connection has one scheduled task at most (set for the earliest of the next ping, the pong deadline and the
 * idle deadline), on the channel's event loop rather than a Vert.x timer: an idle connection should cost a few
 * small objects.
 */
final class Timers {

    /** What a timer found due. */
    enum Due {
        /** The opening handshake did not complete within the handshake timeout. */
        HANDSHAKE,
        /** The close handshake did not complete within the close timeout. */
        CLOSE,
        /** Send a keep-alive ping. */
        PING,
        /** The peer did not answer a ping within the pong timeout. */
        NO_PONG,
        /** No data message went either way for the idle timeout. */
        IDLE,
        /** The socket took none of the bytes waiting for it within the write-stall timeout. */
        WRITE_STALL
    }

    /** What the timers ask of the connection that owns them. */
    interface Owner {
        /** Carry out what is due. */
        void onDue(Due due);

        /** Whether the connection (and its engine) is open: keep-alive and idle timers run only then. */
        boolean canSend();

        /** Whether a read was asked for and not yet delivered: the peer's silence then counts as silence. */
        boolean isReading();
    }

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Link link;
    private final Settings settings;
    private final Owner owner;
    /** The handshake timer before open, the keep-alive/idle timer once open. */
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> closeTimer;
    /** Set while bytes wait to be written, checking that the socket keeps taking them. */
    private ScheduledFuture<?> stallTimer;
    private Deadlines deadlines;
    private boolean stopped;

    Timers(Link link, Settings settings, Owner owner) {
        this.link = link;
        this.settings = settings;
        this.owner = owner;
        this.deadlines = Deadlines.of(settings.pingIntervalMs() * MS, settings.pongTimeoutMs() * MS,
                settings.idleTimeoutMs() * MS, settings.writeStallTimeoutMs() * MS);
    }

    /** The connection was accepted (server) or connected (client): the opening handshake must finish in time. */
    void startHandshake() {
        timer = link.schedule(() -> {
            timer = null;
            owner.onDue(Due.HANDSHAKE);
        }, settings.handshakeTimeoutMs());
    }

    /** The close handshake started (or the engine is done): TCP is closed by force when it takes too long. */
    void startClose() {
        if (closeTimer == null && !stopped) {
            closeTimer = link.schedule(() -> owner.onDue(Due.CLOSE), settings.closeTimeoutMs());
        }
    }

    /**
     * The connection is open: stop the handshake timer, start the keep-alive and idle timer. Keep-alive is on only
     * when the protocol has pings ({@code withPings}; draft-hixie-76 has none).
     */
    void startOpen(boolean withPings) {
        cancel(timer);
        timer = null;
        long now = System.nanoTime();
        deadlines = deadlines.opened(now, withPings);
        schedule(now);
    }

    /** Bytes arrived: the peer is alive. */
    void onInput() {
        deadlines = deadlines.onInput();
    }

    /** A data message was sent or received: the connection is not idle. */
    void onData() {
        if (settings.idleTimeoutMs() > 0) {
            deadlines = deadlines.onData(System.nanoTime());
        }
    }

    /** TCP closed: cancel everything; nothing is scheduled any more. */
    void stop() {
        stopped = true;
        cancel(timer);
        cancel(closeTimer);
        cancel(stallTimer);
        timer = null;
        closeTimer = null;
        stallTimer = null;
    }

    /** Bytes were left waiting for the socket: watch that it keeps taking them (a no-op while watching). */
    void onBacklog() {
        if (stallTimer != null || settings.writeStallTimeoutMs() <= 0 || stopped) {
            return;
        }
        deadlines = deadlines.onBacklog(System.nanoTime(), link.writeProgress());
        if (deadlines.watchingStall()) {
            stallTimer = link.schedule(this::onStallCheck, stallCheckMs());
        }
    }

    private long stallCheckMs() {
        return Math.max(1, settings.writeStallTimeoutMs() / 4);
    }

    private void onStallCheck() {
        stallTimer = null;
        if (stopped) {
            return;
        }
        Deadlines.Step step = deadlines.checkStall(System.nanoTime(), link.writeProgress());
        deadlines = step.next();
        if (step.action() == Deadlines.Action.WRITE_STALL) {
            owner.onDue(Due.WRITE_STALL);
            return;
        }
        if (deadlines.watchingStall()) {
            stallTimer = link.schedule(this::onStallCheck, stallCheckMs()); // else all was written
        }
    }

    /** Sets the timer for the earliest deadline of the open connection, if any. */
    private void schedule(long now) {
        long due = deadlines.nextOpenDeadline();
        if (due != Long.MAX_VALUE) {
            timer = link.schedule(this::onOpenTimer, Math.max(1, (due - now + MS - 1) / MS));
        }
    }

    private void onOpenTimer() {
        timer = null;
        if (stopped || !owner.canSend()) {
            return;
        }
        long now = System.nanoTime();
        Deadlines.Step step = deadlines.dueOpen(now, owner.isReading());
        deadlines = step.next();
        switch (step.action()) {
            case IDLE -> {
                owner.onDue(Due.IDLE);
                return;
            }
            case NO_PONG -> {
                owner.onDue(Due.NO_PONG);
                return;
            }
            case PING -> owner.onDue(Due.PING);
            default -> {
                // nothing due now (the pong deadline may have moved on)
            }
        }
        schedule(now);
    }

    private static void cancel(ScheduledFuture<?> t) {
        if (t != null) {
            t.cancel(false);
        }
    }
}
