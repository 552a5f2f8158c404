package dev.wscodec.impl.frame;

/**
 * Per-thread working arrays, lent for the length of one call, so that no connection keeps one between messages
 * (or between the frames of a message): the inflater's output step, the deflater's output buffer, and the buffer
 * that unmasks the payload of a message an extension decodes. A borrowed array is taken out of its thread's slot
 * until it is given back: a nested call on the same thread (an event handler that sends or receives on another
 * engine meanwhile) finds the slot empty and gets a new array, never a shared one. A thread that never needs one
 * has none; one that does keeps at most one array per slot ({@link #SIZE} bytes each).
 */
public final class Scratch {

    /** The size of every array lent. */
    public static final int SIZE = 16 * 1024;
    public static final int INFLATE = 0;
    public static final int DEFLATE = 1;
    public static final int UNMASK = 2;

    private static final ThreadLocal<byte[][]> SLOTS = ThreadLocal.withInitial(() -> new byte[3][]);

    private Scratch() {
    }

    /** This thread's array for {@code slot}, or a new one when it is lent out already or was never created. */
    public static byte[] borrow(int slot) {
        byte[][] slots = SLOTS.get();
        byte[] b = slots[slot];
        if (b == null) {
            return new byte[SIZE];
        }
        slots[slot] = null;
        return b;
    }

    /** Returns an array from {@link #borrow(int)}; the caller must not use it afterwards. */
    public static void giveBack(int slot, byte[] b) {
        SLOTS.get()[slot] = b;
    }
}
