package dev.wscodec.impl.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 6455 §5.3 masking: payload byte {@code i} is XORed with byte {@code i mod 4} of the masking key. Works
 * 8 bytes at a time with a {@code long} XOR through a byte-array view (unaligned access is allowed), the key
 * rotated to the position within the frame at which the range starts.
 */
public final class Masking {

    /** Longs in the platform's byte order: no byte swapping per step; the key is arranged to match instead. */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private Masking() {
    }

    /**
     * XORs {@code a[off, off+len)} in place with the masking key (its first byte on the wire is the key's most
     * significant byte). {@code frameOffset} is the position of {@code a[off]} within the frame's payload, so a
     * payload unmasked in several pieces comes out right.
     */
    public static void mask(byte[] a, int off, int len, int key, long frameOffset) {
        int k = Integer.rotateLeft(key, ((int) frameOffset & 3) << 3);
        long k8 = ((long) k << 32) | (k & 0xFFFFFFFFL); // key bytes in wire order when stored big-endian
        if (!BIG_ENDIAN) {
            k8 = Long.reverseBytes(k8);
        }
        int i = off;
        int end = off + len;
        for (int last = end - 8; i <= last; i += 8) {
            LONG.set(a, i, (long) LONG.get(a, i) ^ k8);
        }
        // Whole longs consumed a multiple of 4 key bytes, so the key phase is unchanged here.
        for (int j = 0; i < end; i++, j++) {
            a[i] ^= (byte) (k >>> (24 - ((j & 3) << 3)));
        }
    }

    /**
     * Copies {@code len} bytes from {@code src[srcOff..]} to {@code dst[dstOff..]}, XORing them with the masking key
     * on the way: one pass over the bytes instead of a copy followed by {@link #mask} in place. {@code frameOffset}
     * is the position of {@code src[srcOff]} within the frame's payload. The two ranges must not overlap.
     */
    public static void maskCopy(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int key, long frameOffset) {
        java.util.Objects.checkFromIndexSize(srcOff, len, src.length);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        int k = Integer.rotateLeft(key, ((int) frameOffset & 3) << 3);
        long k8 = ((long) k << 32) | (k & 0xFFFFFFFFL);
        if (!BIG_ENDIAN) {
            k8 = Long.reverseBytes(k8);
        }
        int i = 0;
        for (int last = len - 8; i <= last; i += 8) {
            LONG.set(dst, dstOff + i, (long) LONG.get(src, srcOff + i) ^ k8);
        }
        for (int j = 0; i < len; i++, j++) {
            dst[dstOff + i] = (byte) (src[srcOff + i] ^ (k >>> (24 - ((j & 3) << 3))));
        }
    }
}
