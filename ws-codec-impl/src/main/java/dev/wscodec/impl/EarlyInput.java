package dev.wscodec.impl;

import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.impl.frame.WsProtocol;
import java.nio.ByteBuffer;

/**
 * Bytes kept for the frame decoder until the next receive call: on a server, those that arrive while the
 * application decides on the opening handshake, at most one largest frame's worth, because RFC 6455 §4.1 has the
 * client wait for the response before it sends more than its request; on a client that holds after the
 * handshake ({@link dev.wscodec.api.WsConfig#holdAfterHandshake()}), the rest of the read that brought the 101.
 * Exists only while there are such bytes.
 */
final class EarlyInput {

    private final long limit;
    private ByteBuffer kept;

    EarlyInput(long maxFrameSize) {
        this.limit = Math.min(Integer.MAX_VALUE - 8, maxFrameSize + WsProtocol.MAX_HEADER);
    }

    /** A copy of the remaining bytes of {@code in} (consumed), bounded by {@code in} alone. */
    static EarlyInput copyOf(ByteBuffer in) {
        EarlyInput e = new EarlyInput(Integer.MAX_VALUE - 8 - WsProtocol.MAX_HEADER);
        e.keep(in);
        return e;
    }

    /** Keeps all remaining bytes of {@code in}. */
    void keep(ByteBuffer in) {
        int r = in.remaining();
        if (r == 0) {
            return;
        }
        if ((kept == null ? 0 : kept.position()) + (long) r > limit) {
            throw new WsProtocolException(Violation.MALFORMED_REQUEST, "The client sent more than " + limit
                    + " bytes after its opening handshake without waiting for the response (RFC 6455 section 4.1).");
        }
        if (kept == null) {
            kept = ByteBuffer.allocate(Math.max(r, 256));
        } else if (kept.remaining() < r) {
            kept = ByteBuffer.allocate((int) Math.max(kept.position() + r, Math.min(limit, kept.capacity() * 2L)))
                    .put(kept.flip());
        }
        kept.put(in);
    }

    /** The kept bytes, ready to read, or {@code null} when none were kept. */
    ByteBuffer bytes() {
        return kept == null ? null : kept.flip();
    }
}
