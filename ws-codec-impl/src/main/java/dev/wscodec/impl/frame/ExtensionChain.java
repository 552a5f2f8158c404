package dev.wscodec.impl.frame;

import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The negotiated extensions on the inbound side: per message, which of them decode it (from the RSV bits of its
 * first frame), and the payload run through those, the last negotiated applied first, into one {@link PayloadSink}.
 */
final class ExtensionChain {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final WsExtension[] extensions;
    private final boolean[] active;
    private final PayloadSink[] chain;
    private final PayloadSink out;

    ExtensionChain(List<WsExtension> negotiated, PayloadSink out) {
        this.extensions = negotiated.toArray(new WsExtension[0]);
        this.active = new boolean[extensions.length];
        this.chain = new PayloadSink[extensions.length];
        this.out = out;
        for (int i = 0; i < chain.length; i++) {
            int below = i - 1;
            chain[i] = data -> decodeFrom(below, data, false);
        }
    }

    /**
     * A data message starts with a frame whose RSV bits are {@code rsv} (already checked).
     *
     * @return whether an extension decodes its payload
     */
    boolean begin(int rsv) {
        boolean decoding = false;
        for (int i = 0; i < extensions.length; i++) {
            active[i] = extensions[i].beginInbound(rsv & extensions[i].rsvMask());
            decoding |= active[i];
        }
        return decoding;
    }

    /** Decodes {@code n} wire payload bytes at {@code in}'s position (unmasking them first); consumes them. */
    void decode(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean last) {
        int top = extensions.length - 1;
        if (!masked) {
            int p = in.position();
            ByteBuffer piece = in.duplicate().limit(p + n);
            in.position(p + n);
            decodeFrom(top, piece, last);
            return;
        }
        // Borrowed for this call only: no connection keeps an unmasking buffer between calls.
        byte[] scratch = Scratch.borrow(Scratch.UNMASK);
        try {
            int done = 0;
            do {
                int k = Math.min(scratch.length, n - done);
                in.get(scratch, 0, k);
                Masking.mask(scratch, 0, k, key, frameOffset + done);
                done += k;
                decodeFrom(top, ByteBuffer.wrap(scratch, 0, k), last && done == n);
            } while (done < n);
        } finally {
            Scratch.giveBack(Scratch.UNMASK, scratch);
        }
    }

    /** Runs {@code data} through the active extensions with index {@code <= i}, last applied first. */
    private void decodeFrom(int i, ByteBuffer data, boolean last) {
        while (i >= 0 && !active[i]) {
            i--;
        }
        if (i < 0) {
            out.write(data);
            return;
        }
        extensions[i].decode(data, last, chain[i]);
        if (last) {
            decodeFrom(i - 1, EMPTY, true); // the next extension down sees the end of the message too
        }
    }
}
