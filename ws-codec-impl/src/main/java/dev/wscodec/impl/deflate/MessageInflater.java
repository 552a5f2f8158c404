package dev.wscodec.impl.deflate;

import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.impl.frame.Scratch;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the messages of one connection (RFC 7692 §7.2.2). Output goes to the sink in steps of at most
 * {@link #MAX_STEP} bytes, so a sink that enforces the message limit stops a decompression bomb after at most one
 * step past the limit. Not thread-safe.
 */
final class MessageInflater {

    /** The largest piece of inflated output produced before the sink sees it. */
    static final int MAX_STEP = Scratch.SIZE;

    /** RFC 7692 §7.2.2: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message." */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final byte[] EMPTY = new byte[0];

    private final boolean peerNoContextTakeover;
    /** Kept between messages only with context takeover; borrowed per message otherwise. */
    private Inflater inflater;
    /** The DEFLATE stream ended (a block with BFINAL set) within the current message. */
    private boolean streamEnded;

    MessageInflater(boolean peerNoContextTakeover) {
        this.peerNoContextTakeover = peerNoContextTakeover;
    }

    /**
     * Inflates one frame's payload of a compressed message and writes the result to {@code out}.
     *
     * @throws WsProtocolException {@link Violation#BAD_COMPRESSED_DATA} for corrupt data, or as thrown by {@code out}
     */
    void decode(ByteBuffer payload, boolean fin, PayloadSink out) {
        if (inflater == null) {
            inflater = peerNoContextTakeover ? ZlibPool.borrowInflater() : ZlibPool.newInflater();
        }
        // The output step is this thread's, for this call only: the connection keeps no buffer between calls.
        byte[] step = Scratch.borrow(Scratch.INFLATE);
        try {
            inflate(payload, out, step);
            if (fin) {
                inflate(ByteBuffer.wrap(TAIL), out, step);
                endMessage();
            }
        } catch (DataFormatException e) {
            discard();
            throw new WsProtocolException(Violation.BAD_COMPRESSED_DATA,
                    "The compressed message is not valid DEFLATE data (" + e.getMessage() + ").", e);
        } catch (RuntimeException | Error e) {
            // The sink refused (e.g. the message limit): the connection fails, the context is lost.
            discard();
            throw e;
        } finally {
            Scratch.giveBack(Scratch.INFLATE, step);
        }
    }

    private void inflate(ByteBuffer in, PayloadSink out, byte[] step) throws DataFormatException {
        if (streamEnded) {
            // RFC 7692 §7.2.3.4: after a block with BFINAL set the rest of the message (at least the appended tail)
            // is not DEFLATE data; it is skipped and the next message starts a new stream.
            in.position(in.limit());
            return;
        }
        inflater.setInput(in);
        while (true) {
            int n = inflater.inflate(step);
            if (n > 0) {
                out.write(ByteBuffer.wrap(step, 0, n)); // the sink keeps no reference (PayloadSink contract)
            } else if (inflater.finished()) {
                streamEnded = true;
                in.position(in.limit());
                break;
            } else if (inflater.needsDictionary()) {
                throw new DataFormatException("a preset dictionary is requested");
            } else {
                break; // all input consumed and all output produced
            }
        }
        inflater.setInput(EMPTY); // keep no reference to the caller's buffer
    }

    private void endMessage() {
        if (peerNoContextTakeover) {
            // RFC 7692 §7.1.1: the peer starts each message with an empty window, so nothing is kept.
            ZlibPool.giveBack(inflater);
            inflater = null;
        } else if (streamEnded) {
            inflater.reset();
        }
        streamEnded = false;
    }

    /** Ends the inflater without pooling it (its state is unknown). */
    private void discard() {
        if (inflater != null) {
            ZlibPool.end(inflater);
            inflater = null;
        }
        streamEnded = false;
    }

    /** Frees the native memory. Idempotent. */
    void release() {
        discard();
    }

    /** Whether an inflater is held right now (for tests of idle memory). */
    boolean holdsInflater() {
        return inflater != null;
    }
}
