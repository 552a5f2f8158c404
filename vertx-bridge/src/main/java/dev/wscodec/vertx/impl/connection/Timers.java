package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Ping;
import dev.wscodec.api.WsEngine;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.WsMetrics;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of a connection: the handshake timeout; a keep-alive ping every interval, dropping a peer that sends
 * nothing within the pong timeout after it; closing with 1001 when no data message went either way for the idle
 * timeout; the close timeout that ends TCP when the close handshake takes too long; and the write-stall timeout that
 * drops a peer that takes none of the bytes waiting for it for that long.
 *
 * <p>The decisions are {@link Deadlines}', a pure value; this class schedules them and carries out the action due.
 * An open connection has one scheduled task at most (set for the earliest of the next ping, the pong deadline
 * and the idle deadline), on the channel's event loop rather than a Vert.x timer: an idle connection should cost
 * a few small objects.
 */
final class Timers {

    private static final Ping PING = Ping.of("keep-alive");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Connection conn;
    private final Settings settings;
    /** The handshake timer before open, the keep-alive/idle timer once open. */
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> closeTimer;
    /** Set while bytes wait to be written, checking that the socket keeps taking them. */
    private ScheduledFuture<?> stallTimer;
    private Deadlines deadlines;

    Timers(Connection conn) {
        this.conn = conn;
        this.settings = conn.settings;
        this.deadlines = Deadlines.of(settings.pingIntervalMs() * MS, settings.pongTimeoutMs() * MS,
                settings.idleTimeoutMs() * MS, settings.writeStallTimeoutMs() * MS);
    }

    /** The connection was accepted (server) or connected (client): the opening handshake must finish in time. */
    void startHandshake() {
        timer = conn.link.schedule(this::onHandshakeTimeout, settings.handshakeTimeoutMs());
    }

    private void onHandshakeTimeout() {
        timer = null;
        if (conn.state == Connection.State.HANDSHAKE || conn.state == Connection.State.DECIDING) {
            Connection.LOG.debug("Closing the connection with {}: the opening handshake took longer than {} ms.",
                    conn.link.remoteAddress(), settings.handshakeTimeoutMs());
            settings.metrics().timeout(WsMetrics.Timeout.HANDSHAKE);
            conn.abort(new WsClosedException(CloseStatus.ABNORMAL, "The opening handshake did not complete "
                    + "within " + settings.handshakeTimeoutMs() + " ms."));
        }
    }

    /** The close handshake started (or the engine is done): TCP is closed by force when it takes too long. */
    void startClose() {
        if (closeTimer == null && conn.state != Connection.State.CLOSED) {
            closeTimer = conn.link.schedule(() -> {
                Connection.LOG.debug("Closing TCP to {}: the close handshake took longer than {} ms.",
                        conn.link.remoteAddress(), settings.closeTimeoutMs());
                settings.metrics().timeout(WsMetrics.Timeout.CLOSE);
                conn.closeSocket();
            }, settings.closeTimeoutMs());
        }
    }

    /** The connection is open: stop the handshake timer, start the keep-alive and idle timer. */
    void startOpen() {
        cancel(timer);
        timer = null;
        long now = System.nanoTime();
        // Keep-alive is on only when the protocol has pings (draft-hixie-76 has none: no ping is ever sent to it).
        deadlines = deadlines.opened(now, conn.engine.supportsPing());
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

    /** TCP closed: cancel everything. */
    void stop() {
        cancel(timer);
        cancel(closeTimer);
        cancel(stallTimer);
        timer = null;
        closeTimer = null;
        stallTimer = null;
    }

    /** Bytes were left waiting for the socket: watch that it keeps taking them (a no-op while watching). */
    void onBacklog() {
        if (stallTimer != null || settings.writeStallTimeoutMs() <= 0 || conn.state == Connection.State.CLOSED) {
            return;
        }
        deadlines = deadlines.onBacklog(System.nanoTime(), conn.link.writeProgress());
        if (deadlines.watchingStall()) {
            stallTimer = conn.link.schedule(this::onStallCheck, stallCheckMs());
        }
    }

    private long stallCheckMs() {
        return Math.max(1, settings.writeStallTimeoutMs() / 4);
    }

    private void onStallCheck() {
        stallTimer = null;
        if (conn.state == Connection.State.CLOSED) {
            return;
        }
        Deadlines.Step step = deadlines.checkStall(System.nanoTime(), conn.link.writeProgress());
        deadlines = step.next();
        if (step.action() == Deadlines.Action.WRITE_STALL) {
            Connection.LOG.debug("Dropping the connection with {}: it took none of the {} bytes waiting for it "
                    + "within {} ms.", conn.link.remoteAddress(), conn.outbox.queued(), settings.writeStallTimeoutMs());
            settings.metrics().timeout(WsMetrics.Timeout.WRITE_STALL);
            conn.abort(new WsClosedException(CloseStatus.ABNORMAL, "The peer read none of the bytes written to it "
                    + "within " + settings.writeStallTimeoutMs() + " ms (the write-stall timeout)."));
            return;
        }
        if (deadlines.watchingStall()) {
            stallTimer = conn.link.schedule(this::onStallCheck, stallCheckMs()); // else all was written
        }
    }

    private boolean isOpen() {
        return conn.state == Connection.State.OPEN && conn.engine.state() == WsEngine.State.OPEN;
    }

    /** Sets the timer for the earliest deadline of the open connection, if any. */
    private void schedule(long now) {
        long due = deadlines.nextOpenDeadline();
        if (due != Long.MAX_VALUE) {
            timer = conn.link.schedule(this::onOpenTimer, Math.max(1, (due - now + MS - 1) / MS));
        }
    }

    private void onOpenTimer() {
        timer = null;
        if (!isOpen()) {
            return;
        }
        long now = System.nanoTime();
        Deadlines.Step step = deadlines.dueOpen(now, conn.isReading());
        deadlines = step.next();
        switch (step.action()) {
            case IDLE -> {
                Connection.LOG.debug("Closing the idle connection with {}.", conn.link.remoteAddress());
                settings.metrics().timeout(WsMetrics.Timeout.IDLE);
                conn.startClose(CloseStatus.of(CloseStatus.GOING_AWAY, "The connection was idle for too long."));
                return;
            }
            case NO_PONG -> {
                Connection.LOG.debug("Dropping the connection with {}: no answer to a ping within {} ms.",
                        conn.link.remoteAddress(), settings.pongTimeoutMs());
                settings.metrics().timeout(WsMetrics.Timeout.PING);
                conn.abort(new WsClosedException(CloseStatus.ABNORMAL,
                        "The peer did not answer a ping within " + settings.pongTimeoutMs() + " ms."));
                return;
            }
            case PING -> conn.link.write(conn.engine.send(PING));
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
