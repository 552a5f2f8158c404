package dev.wscodec.impl.deflate;

import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.impl.frame.Scratch;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses the messages of one connection (RFC 7692 §7.2.1), whole or in chunks. Every chunk is flushed with
 * {@link Deflater#SYNC_FLUSH}, so the peer can inflate each frame as it arrives; the empty stored block that ends
 * such a flush ({@code 00 00 ff ff}) is kept in intermediate chunks and removed at the end of the message. Not
 * thread-safe.
 */
final class MessageDeflater {

    private static final byte[] EMPTY = new byte[0];

    private final int level;
    private final boolean noContextTakeover;
    /** Kept between messages only with context takeover; borrowed per message otherwise. */
    private Deflater deflater;

    MessageDeflater(int level, boolean noContextTakeover) {
        this.level = level;
        this.noContextTakeover = noContextTakeover;
    }

    /** Compresses one chunk of a message ({@code fin}: the last one) and writes the result to {@code out}. */
    void write(ByteBuffer payload, boolean fin, PayloadSink out) {
        if (deflater == null) {
            deflater = noContextTakeover ? ZlibPool.borrowDeflater(level) : ZlibPool.newDeflater(level);
        }
        // The output buffer is this thread's, for this call only: the connection keeps no buffer between calls.
        byte[] buf = Scratch.borrow(Scratch.DEFLATE);
        try {
            deflate(payload, fin, out, buf);
        } catch (RuntimeException | Error e) {
            discard(); // the peer will never see the rest of this context
            throw e;
        } finally {
            Scratch.giveBack(Scratch.DEFLATE, buf);
        }
        if (fin && noContextTakeover) {
            // RFC 7692 §7.1.1: a fresh context per message, so nothing is kept between messages.
            ZlibPool.giveBack(level, deflater);
            deflater = null;
        }
    }

    private void deflate(ByteBuffer payload, boolean fin, PayloadSink out, byte[] buf) {
        int len = 0;
        deflater.setInput(payload);
        while (true) {
            int space = buf.length - len;
            int n = deflater.deflate(buf, len, space, Deflater.SYNC_FLUSH);
            len += n;
            if (n < space) {
                break; // the flush is complete: all input consumed, all output produced
            }
            // Full: pass on all but the last 4 bytes, which may be the tail to strip.
            out.write(ByteBuffer.wrap(buf, 0, len - 4));
            System.arraycopy(buf, len - 4, buf, 0, 4);
            len = 4;
        }
        deflater.setInput(EMPTY); // keep no reference to the caller's buffer
        if (len == 0) {
            // zlib produces nothing for a flush that directly follows a flush (no new input). RFC 7692 §7.2.3.6:
            // a message must still end with an empty stored block, whose header alone is the single octet 0x00.
            if (fin) {
                out.write(ByteBuffer.wrap(new byte[] {0x00}));
            }
            return;
        }
        if (!fin) {
            out.write(ByteBuffer.wrap(buf, 0, len));
            return;
        }
        // RFC 7692 §7.2.1: "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end."
        if (len < 4 || buf[len - 4] != 0 || buf[len - 3] != 0 || buf[len - 2] != (byte) 0xff
                || buf[len - 1] != (byte) 0xff) {
            throw new IllegalStateException("A SYNC_FLUSH of the deflater did not end with 00 00 ff ff.");
        }
        out.write(ByteBuffer.wrap(buf, 0, len - 4));
    }

    private void discard() {
        if (deflater != null) {
            ZlibPool.end(deflater);
            deflater = null;
        }
    }

    /** Frees the native memory. Idempotent. */
    void release() {
        discard();
    }

    /** Whether a deflater is held right now (for tests of idle memory). */
    boolean holdsDeflater() {
        return deflater != null;
    }
}
