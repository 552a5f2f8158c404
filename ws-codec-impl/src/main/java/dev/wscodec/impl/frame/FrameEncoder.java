package dev.wscodec.impl.frame;

import java.nio.ByteBuffer;

/**
 * Writes frames (RFC 6455 §5.2): the header and the payload of each frame, or of all frames of a fragmented
 * message, go into one exact-size heap buffer; a client masks the payload while it is in that buffer, with a
 * fresh key per frame (§5.3). A server never masks (§5.1).
 */
public final class FrameEncoder {

    private final MaskKeys keys;

    /** @param keys the masking keys of a client, or {@code null} for a server (frames are not masked) */
    public FrameEncoder(MaskKeys keys) {
        this.keys = keys;
    }

    /**
     * One frame. {@code b0} is the first header byte (FIN, RSV bits, opcode). The payload's remaining bytes are
     * copied; its position is not moved.
     */
    public ByteBuffer frame(int b0, ByteBuffer payload) {
        int len = payload.remaining();
        ByteBuffer out = ByteBuffer.allocate(WsProtocol.headerLength(len, keys != null) + len);
        put(out, b0, payload, payload.position(), len);
        return out.flip();
    }

    /** A control frame (FIN set) with a payload of at most 125 bytes. */
    public ByteBuffer control(int opcode, ByteBuffer payload) {
        return frame(WsProtocol.FIN | opcode, payload);
    }

    /**
     * A data message or chunk cut into frames of at most {@code fragmentSize} payload bytes ({@code 0}: one
     * frame). The first frame has {@code opcode} and {@code rsv}, the others are continuations; the last frame
     * has FIN when {@code fin}. An empty payload still makes one frame.
     */
    public ByteBuffer fragments(int opcode, int rsv, ByteBuffer payload, int fragmentSize, boolean fin) {
        int len = payload.remaining();
        if (fragmentSize <= 0 || len <= fragmentSize) {
            return frame((fin ? WsProtocol.FIN : 0) | rsv | opcode, payload);
        }
        boolean masked = keys != null;
        int full = len / fragmentSize;
        int rest = len - full * fragmentSize;
        long total = (long) full * (WsProtocol.headerLength(fragmentSize, masked) + fragmentSize)
                + (rest == 0 ? 0 : WsProtocol.headerLength(rest, masked) + rest);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The message is too large to encode in one buffer.");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total);
        int pos = payload.position();
        for (int off = 0; off < len; off += fragmentSize) {
            int n = Math.min(fragmentSize, len - off);
            boolean last = off + n == len;
            int b0 = (off == 0 ? rsv | opcode : WsProtocol.OP_CONTINUATION) | (last && fin ? WsProtocol.FIN : 0);
            put(out, b0, payload, pos + off, n);
        }
        return out.flip();
    }

    /** Whether this encoder masks its frames (a client's). */
    public boolean masks() {
        return keys != null;
    }

    /**
     * The header alone of an unmasked frame with {@code len} payload bytes, as an exact-size buffer: the payload is
     * written after it by the caller, as it is. Only for an encoder that does not mask.
     */
    public ByteBuffer header(int b0, int len) {
        if (keys != null) {
            throw new IllegalStateException("A masked frame's payload cannot be written apart from its header.");
        }
        ByteBuffer out = ByteBuffer.allocate(WsProtocol.headerLength(len, false));
        putHeader(out, b0, len, 0);
        return out.flip();
    }

    /**
     * The header of a masked frame whose payload is {@code copy}, a fresh copy owned by the caller, which is masked
     * here in place with the header's new key: the two buffers together are the frame. Copying the payload with
     * {@code clone()} and masking it in place is faster than masking it into a new (zero-filled) frame array from
     * about 512 bytes on. Only for an encoder that masks.
     */
    public ByteBuffer maskedHeader(int b0, byte[] copy) {
        if (keys == null) {
            throw new IllegalStateException("Only a masking encoder writes masked frames.");
        }
        int key = keys.nextKey();
        ByteBuffer out = ByteBuffer.allocate(WsProtocol.headerLength(copy.length, true));
        putHeader(out, b0, copy.length, key);
        Masking.mask(copy, 0, copy.length, key, 0);
        return out.flip();
    }

    private void put(ByteBuffer out, int b0, ByteBuffer src, int srcPos, int len) {
        int key = keys != null ? keys.nextKey() : 0;
        putHeader(out, b0, len, key);
        int at = out.position();
        src.get(srcPos, out.array(), at, len);
        if (keys != null) {
            Masking.mask(out.array(), at, len, key, 0);
        }
        out.position(at + len);
    }

    private void putHeader(ByteBuffer out, int b0, int len, int key) {
        out.put((byte) b0);
        int maskBit = keys != null ? WsProtocol.MASK : 0;
        // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length.
        if (len < WsProtocol.LENGTH_16) {
            out.put((byte) (maskBit | len));
        } else if (len <= 0xFFFF) {
            out.put((byte) (maskBit | WsProtocol.LENGTH_16)).putShort((short) len);
        } else {
            out.put((byte) (maskBit | WsProtocol.LENGTH_64)).putLong(len);
        }
        if (keys != null) {
            out.putInt(key);
        }
    }
}
