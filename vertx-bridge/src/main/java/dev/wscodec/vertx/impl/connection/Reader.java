package dev.wscodec.vertx.impl.connection;

import dev.wscodec.vertx.impl.transport.Link;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * The reading side of a connection: one socket read at a time and only when its owner wants bytes
 * ({@link Owner#wantRead()}: the handshake, or the application's demand), decoded only as far as it wants them
 * (the engine asks this reader before each frame), plus the bytes read and not yet decoded. Used on the
 * connection's context only.
 */
final class Reader implements BooleanSupplier {

    /** What the reader asks of the connection that owns it. */
    interface Owner {
        /** Whether bytes are wanted now: the handshake, or the application's demand. */
        boolean wantRead();

        /** Bytes are not wanted now: the owner may arrange to read again later (when written bytes drained). */
        void readPaused();

        /** Decode {@code in} (a buffer the owner may keep as it is when {@code owned}, else valid during the call). */
        void decode(ByteBuffer in, boolean owned);
    }

    /**
     * Once TCP closed, what was read is still decoded, until messages of this many bytes came out of it; the rest is
     * dropped. The input is at most one read, but compressed input inflates (a thousandfold with permessage-deflate),
     * and nobody asked for these messages yet: without a bound, a peer that sends a burst of compressed messages and
     * resets the connection has the server inflate them all at once (61 MiB from 64 KiB).
     */
    static final long DECODE_AFTER_CLOSE = 1024 * 1024;

    private final Link link;
    private final Owner owner;
    /** Payload bytes of the messages decoded since TCP closed. */
    private long decodedAfterClose;
    /** Bytes read but not yet given to the engine: a read nobody asked for. */
    private ByteBuffer held;
    /** The engine keeps bytes it decodes at its next receive call (a client's frames behind the 101). */
    private boolean kept;
    private boolean fetching;
    private boolean closed;
    /** Inside {@code engine.receiveWhile}: nothing may feed the engine meanwhile. */
    private boolean decoding;
    /** The engine was told to stop before the end of its input. */
    private boolean stopped;

    Reader(Link link, Owner owner) {
        this.link = link;
        this.owner = owner;
    }

    /** Decodes what is held, or asks the socket for one more read, when the connection wants bytes. */
    void pump() {
        if (decoding) {
            return; // called back from inside the engine (demand from onNext): the decoding goes on, then pumps
        }
        if (!owner.wantRead()) {
            owner.readPaused();
            return;
        }
        if (held != null || kept) {
            decodeHeld();
            return;
        }
        if (fetching) {
            return;
        }
        fetching = true;
        link.read();
    }

    /** Bytes arrived (valid during the call only). */
    void onRead(ByteBuffer in) {
        fetching = false;
        if (held != null || !owner.wantRead()) {
            // More than one read per request (TLS may decrypt a socket read into several): keep it for later.
            held = append(held, in);
            return;
        }
        kept = false; // the engine decodes what it kept before the new bytes
        owner.decode(in, false);
    }

    /** The engine is about to decode; it asks {@link #getAsBoolean()} before each frame. */
    void startDecoding() {
        decoding = true;
        stopped = false;
    }

    /** Whether the engine should decode the next frame: the connection wants bytes, or TCP closed (up to a bound). */
    @Override
    public boolean getAsBoolean() {
        if (closed ? decodedAfterClose < DECODE_AFTER_CLOSE : owner.wantRead()) {
            return true;
        }
        stopped = true;
        return false;
    }

    /** The engine failed: its input is void. */
    void endDecoding() {
        decoding = false;
    }

    /**
     * The engine returned: if it stopped before the end of {@code in}, keep the rest, before anything held, for when
     * the connection wants bytes again (a copy unless {@code owned}). If it stopped inside bytes it kept itself, an
     * empty rest decodes them then. At most one read is kept: no read is asked for while bytes are held.
     */
    void endDecoding(ByteBuffer in, boolean owned) {
        decoding = false;
        if (in.hasRemaining() || stopped) {
            keepUndecoded(in, owned);
        }
    }

    private void keepUndecoded(ByteBuffer rest, boolean owned) {
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

    /** The engine keeps bytes for its next receive call: decode them once bytes are wanted. */
    void engineKeepsInput() {
        kept = true;
    }

    /** {@code bytes} of message payload were decoded (counted once TCP closed, see {@link #DECODE_AFTER_CLOSE}). */
    void decoded(long bytes) {
        if (closed) {
            decodedAfterClose += bytes;
        }
    }

    /**
     * TCP closed: what the peer sent before closing is still decoded and delivered, up to {@link #DECODE_AFTER_CLOSE}
     * bytes of messages; no more reads.
     */
    void onClosed() {
        closed = true;
        if (held != null || kept) {
            decodeHeld();
        }
        fetching = false;
    }

    /** Bytes read and not yet decoded. */
    int undecodedBytes() {
        return held == null ? 0 : held.remaining();
    }

    /** Gives the engine the bytes held here (or an empty buffer: it decodes what it kept first). */
    private void decodeHeld() {
        ByteBuffer h = held != null ? held : ByteBuffer.allocate(0);
        held = null;
        kept = false;
        owner.decode(h, true);
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
