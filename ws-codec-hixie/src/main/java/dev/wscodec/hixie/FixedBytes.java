package dev.wscodec.hixie;

import java.nio.ByteBuffer;

/**
 * A fixed number of bytes read across any number of buffers: the 8 key bytes after a draft-76 request head and the
 * 16-byte answer after its 101 head both may arrive in any split.
 */
final class FixedBytes {

    private final byte[] bytes;
    private int size;

    FixedBytes(int length) {
        this.bytes = new byte[length];
    }

    /** Takes what it still lacks from {@code in}; true once all of it is here. */
    boolean fill(ByteBuffer in) {
        int n = Math.min(bytes.length - size, in.remaining());
        in.get(bytes, size, n);
        size += n;
        return size == bytes.length;
    }

    /** The bytes, once {@link #fill} returned true; the array itself, not a copy. */
    byte[] bytes() {
        return bytes;
    }
}
