package dev.wscodec.impl.deflate;

/**
 * Per-thread working arrays for inflating and deflating, lent for the length of one call, so that no connection
 * keeps one between messages (or between the frames of a message). A borrowed array is taken out of its thread's
 * slot until it is given back: a nested call on the same thread (an event handler that sends or receives on
 * another engine while a message is being inflated) finds the slot empty and gets a new array, never a shared one.
 * A thread that never compresses or decompresses has none; one that does keeps at most one array per slot
 * ({@link #SIZE} bytes each).
 */
final class Scratch {

    /** The size of every array lent (the inflater's output step, the deflater's output buffer). */
    static final int SIZE = 16 * 1024;
    static final int INFLATE = 0;
    static final int DEFLATE = 1;

    private static final ThreadLocal<byte[][]> SLOTS = ThreadLocal.withInitial(() -> new byte[2][]);

    private Scratch() {
    }

    /** This thread's array for {@code slot}, or a new one when it is lent out already or was never created. */
    static byte[] borrow(int slot) {
        byte[][] slots = SLOTS.get();
        byte[] b = slots[slot];
        if (b == null) {
            return new byte[SIZE];
        }
        slots[slot] = null;
        return b;
    }

    /** Returns an array from {@link #borrow(int)}; the caller must not use it afterwards. */
    static void giveBack(int slot, byte[] b) {
        SLOTS.get()[slot] = b;
    }
}
