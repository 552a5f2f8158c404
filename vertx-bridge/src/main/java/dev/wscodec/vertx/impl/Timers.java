package dev.wscodec.vertx.impl;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Ping;
import dev.wscodec.api.WsEngine;
import dev.wscodec.vertx.WsClosedException;

/**
 * The timers of a connection: the handshake timeout; a keep-alive ping every interval, dropping a peer that sends
 * nothing within the pong timeout after it; closing with 1001 when no data message went either way for the idle
 * timeout; and the close timeout that ends TCP when the close handshake takes too long.
 */
final class Timers {

    private static final Ping PING = Ping.of("keep-alive");

    private final Connection conn;
    private final Settings settings;
    private long handshakeTimer = -1;
    private long closeTimer = -1;
    private long pingTimer = -1;
    private long pongTimer = -1;
    private long idleTimer = -1;
    private boolean awaitingPong;
    private long lastDataNanos = System.nanoTime();

    Timers(Connection conn) {
        this.conn = conn;
        this.settings = conn.settings;
    }

    /** The connection was accepted (server) or connected (client): the opening handshake must finish in time. */
    void startHandshake() {
        handshakeTimer = conn.vertx.setTimer(settings.handshakeTimeoutMs(), id -> {
            handshakeTimer = -1;
            if (conn.state == Connection.State.HANDSHAKE || conn.state == Connection.State.DECIDING) {
                Connection.LOG.debug("Closing the connection with {}: the opening handshake took longer than {} ms.",
                        conn.socket.remoteAddress(), settings.handshakeTimeoutMs());
                conn.abort(new WsClosedException(CloseStatus.ABNORMAL, "The opening handshake did not complete "
                        + "within " + settings.handshakeTimeoutMs() + " ms."));
            }
        });
    }

    /** The close handshake started (or the engine is done): TCP is closed by force when it takes too long. */
    void startClose() {
        if (closeTimer == -1 && conn.state != Connection.State.CLOSED) {
            closeTimer = conn.vertx.setTimer(settings.closeTimeoutMs(), id -> {
                closeTimer = -1;
                Connection.LOG.debug("Closing TCP to {}: the close handshake took longer than {} ms.",
                        conn.socket.remoteAddress(), settings.closeTimeoutMs());
                conn.closeSocket();
            });
        }
    }

    /** The connection is open: stop the handshake timer, start keep-alive and idle timers. */
    void startOpen() {
        cancel(handshakeTimer);
        handshakeTimer = -1;
        lastDataNanos = System.nanoTime();
        if (settings.pingIntervalMs() > 0) {
            pingTimer = conn.vertx.setPeriodic(settings.pingIntervalMs(), id -> sendPing());
        }
        if (settings.idleTimeoutMs() > 0) {
            idleTimer = conn.vertx.setTimer(settings.idleTimeoutMs(), id -> checkIdle());
        }
    }

    /** Bytes arrived: the peer is alive. */
    void onInput() {
        awaitingPong = false;
    }

    /** A data message was sent or received: the connection is not idle. */
    void onData() {
        lastDataNanos = System.nanoTime();
    }

    /** TCP closed: cancel everything. */
    void stop() {
        cancel(handshakeTimer);
        cancel(closeTimer);
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(idleTimer);
        handshakeTimer = closeTimer = pingTimer = pongTimer = idleTimer = -1;
    }

    private boolean isOpen() {
        return conn.state == Connection.State.OPEN && conn.engine.state() == WsEngine.State.OPEN;
    }

    private void sendPing() {
        if (!isOpen() || awaitingPong) {
            return;
        }
        awaitingPong = true;
        conn.outbox.write(conn.engine.send(PING));
        cancel(pongTimer);
        pongTimer = conn.vertx.setTimer(settings.pongTimeoutMs(), id -> checkPong());
    }

    private void checkPong() {
        pongTimer = -1;
        if (!awaitingPong || conn.state == Connection.State.CLOSED) {
            return;
        }
        if (!conn.isReading()) {
            // Not reading because the application requests nothing: the peer's answer may be waiting unread.
            pongTimer = conn.vertx.setTimer(settings.pongTimeoutMs(), id -> checkPong());
            return;
        }
        Connection.LOG.debug("Dropping the connection with {}: no answer to a ping within {} ms.",
                conn.socket.remoteAddress(), settings.pongTimeoutMs());
        conn.abort(new WsClosedException(CloseStatus.ABNORMAL,
                "The peer did not answer a ping within " + settings.pongTimeoutMs() + " ms."));
    }

    private void checkIdle() {
        idleTimer = -1;
        if (!isOpen()) {
            return;
        }
        long idleMs = (System.nanoTime() - lastDataNanos) / 1_000_000;
        if (idleMs >= settings.idleTimeoutMs()) {
            Connection.LOG.debug("Closing the idle connection with {}.", conn.socket.remoteAddress());
            conn.startClose(CloseStatus.of(CloseStatus.GOING_AWAY, "The connection was idle for too long."));
        } else {
            idleTimer = conn.vertx.setTimer(Math.max(1, settings.idleTimeoutMs() - idleMs), id -> checkIdle());
        }
    }

    private void cancel(long timer) {
        if (timer != -1) {
            conn.vertx.cancelTimer(timer);
        }
    }
}
