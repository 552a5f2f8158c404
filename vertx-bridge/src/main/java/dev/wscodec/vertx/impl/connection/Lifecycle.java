package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.WsEngine;
import dev.wscodec.vertx.WsClosedException;

/**
 * Where one connection is in its life, kept in one place: the engine's state (the opening handshake, the server's
 * decision, open, closing, closed) plus the two facts only the transport knows: that this side asked for TCP to
 * close (a refusal written, a failure, a timeout, the server's end of the close handshake) and that TCP closed. {@link #state()} derives the connection's state from them in one switch; nothing else stores a state.
 *
 * <p>Touched on the connection's context only, except {@link #isOpen()} and {@link #knownStatus()}: other threads
 * read those from a snapshot that {@link #publish()} refreshes after every step of the connection.
 */
final class Lifecycle {

    /** The connection's state, including its TCP socket, as {@link #state()} derives it. */
    enum State {
        /** Reading the opening handshake (server) or waiting for the answer to it (client). */
        HANDSHAKE,
        /** Server: an application hook decides about the request; nothing is read meanwhile. */
        DECIDING,
        /** Messages flow both ways. */
        OPEN,
        /** A close frame was sent or received, the handshake was refused or failed, or this side is closing TCP. */
        CLOSING,
        /** TCP is closed; everything is released. */
        CLOSED
    }

    /** What other threads may read: whether the session is open and its close status so far. */
    private record Snapshot(boolean open, CloseStatus status) {
    }

    private static final Snapshot NOT_OPEN = new Snapshot(false, null);

    private WsEngine engine;
    private boolean ending;
    private boolean tcpClosed;
    private Throwable failure;
    /** The status the connection ended with, once TCP closed. */
    private CloseStatus finalStatus;
    private volatile Snapshot published = NOT_OPEN;

    Lifecycle(WsEngine engine) {
        this.engine = engine;
    }

    WsEngine engine() {
        return engine;
    }

    /** A route's own codec configuration replaces the engine before the handshake was answered. */
    void replaceEngine(WsEngine engine) {
        this.engine = engine;
    }

    /** The one place the connection's state is decided. */
    State state() {
        if (tcpClosed) {
            return State.CLOSED;
        }
        if (ending) {
            return State.CLOSING;
        }
        switch (engine.state()) {
            case HANDSHAKE:
                return State.HANDSHAKE;
            case AWAITING_DECISION:
                return State.DECIDING;
            case OPEN:
                return State.OPEN;
            case CLOSING:
            case CLOSED:
                return State.CLOSING;
            default:
                throw new IllegalStateException(engine.state().name());
        }
    }

    /** Whether data may be sent: the connection is open (and so is its engine). */
    boolean canSend() {
        return state() == State.OPEN;
    }

    /** Whether the opening handshake completed at some point (the engine knows its result). */
    boolean wasOpened() {
        return engine.handshake() != null;
    }

    /**
     * This side closes TCP (after what was written, or now): a refusal was written, the connection failed or timed
     * out, or the close handshake is done on the server. Returns whether that is news.
     */
    boolean endTcp() {
        if (ending || tcpClosed) {
            return false;
        }
        ending = true;
        return true;
    }

    /** Whether this side asked for TCP to close. */
    boolean endingTcp() {
        return ending;
    }

    /** Records what failed the connection on this side; the first cause is kept. */
    void failed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** What failed the connection on this side, or {@code null}. */
    Throwable failure() {
        return failure;
    }

    /** TCP closed: returns how the connection ended, or {@code null} when that was reported already. */
    Ending tcpClosed() {
        if (tcpClosed) {
            return null;
        }
        tcpClosed = true;
        Ending e = Ending.of(engine, failure);
        finalStatus = e.status();
        publish();
        return e;
    }

    /** Makes the current state visible to other threads ({@link #isOpen()}, {@link #knownStatus()}). */
    void publish() {
        boolean open = state() == State.OPEN;
        CloseStatus status = finalStatus != null ? finalStatus : engine.closeStatus();
        Snapshot s = published;
        if (s.open() != open || s.status() != status) {
            published = new Snapshot(open, status);
        }
    }

    /** Any thread: whether the session is open. */
    boolean isOpen() {
        return published.open();
    }

    /** Any thread: the close status known so far, or {@code null}. */
    CloseStatus knownStatus() {
        return published.status();
    }

    /** Any thread: the exception for a use of the connection that came too late, with the status known so far. */
    WsClosedException closedException(String message) {
        CloseStatus st = knownStatus();
        return new WsClosedException(st == null ? CloseStatus.ABNORMAL : st, message);
    }
}
