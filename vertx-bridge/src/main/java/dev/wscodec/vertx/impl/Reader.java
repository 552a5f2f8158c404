package dev.wscodec.vertx.impl;

import java.nio.ByteBuffer;

/**
 * The reading side of a {@link Connection}: one socket read at a time and only when the connection wants bytes
 * ({@link Connection#wantRead()}: the handshake, or the application's demand), plus the bytes that arrived before
 * they were wanted. Used on the connection's context only.
 */
final class Reader {

    private final Connection conn;
    /** Bytes read but not yet given to the engine: a client's frames behind the 101, or a read nobody asked for. */
    private ByteBuffer held;
    private boolean fetching;
    private boolean closed;

    Reader(Connection conn) {
        this.conn = conn;
    }

    /** Decodes what is held, or asks the socket for one more read, when the connection wants bytes. */
    void pump() {
        if (conn.decoding) {
            return; // called back from inside the engine (demand from onNext): the decoding goes on, then pumps
        }
        if (!conn.wantRead()) {
            if (conn.outbox.outputHeld()) {
                // Paused by the bytes waiting to be written: read again once they went out.
                conn.outbox.whenDrained(conn.outbox::onDrained);
            }
            return;
        }
        if (held != null) {
            ByteBuffer h = held;
            held = null;
            conn.process(h, true);
            return;
        }
        if (fetching) {
            return;
        }
        fetching = true;
        conn.link.read();
    }

    /** Bytes arrived (valid during the call only). */
    void onRead(ByteBuffer in) {
        fetching = false;
        if (held != null || !conn.wantRead()) {
            // More than one read per request (TLS may decrypt a socket read into several): keep it for later.
            held = append(held, in);
            return;
        }
        held = conn.holdBack(in);
        conn.process(in, false);
    }

    /**
     * The engine stopped before the end of {@code rest}: keep its remaining bytes, before anything held, for when
     * the connection wants bytes again. At most one read is kept this way: no read is asked for while bytes are held.
     */
    void keepUndecoded(ByteBuffer rest, boolean owned) {
        if (held == null) {
            held = owned ? rest : append(null, rest);
        } else {
            held = append(rest, held);
        }
    }

    /** Whether a read was asked for and not yet delivered: the peer's silence then counts as silence. */
    boolean isReading() {
        return fetching;
    }

    /** TCP closed: what the peer sent before closing is still decoded and delivered; no more reads. */
    void onClosed() {
        closed = true;
        if (held != null) {
            ByteBuffer h = held;
            held = null;
            conn.process(h, true);
        }
        fetching = false;
    }

    /** Bytes read and not yet decoded. */
    int undecodedBytes() {
        return held == null ? 0 : held.remaining();
    }

    /** Whether TCP closed: what is left is decoded whole. */
    boolean isClosed() {
        return closed;
    }

    private static ByteBuffer append(ByteBuffer held, ByteBuffer in) {
        int h = held == null ? 0 : held.remaining();
        ByteBuffer all = ByteBuffer.allocate(h + in.remaining());
        if (held != null) {
            all.put(held);
        }
        return all.put(in).flip();
    }
}
