package dev.wscodec.impl.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validator (RFC 3629, as RFC 6455 §8.1 requires for text): a table-driven DFA in the style of
 * Björn Höhrmann's decoder, one table lookup per non-ASCII byte, with an ASCII fast path that tests 8 bytes at a
 * time. The state survives across calls, so a code point may be split between frames or reads. Rejects overlong
 * forms, surrogates (U+D800-U+DFFF) and code points above U+10FFFF at the first byte that makes the input invalid.
 */
public final class Utf8Validator {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private static final int ACCEPT = 0;
    private static final int REJECT = 1;
    private static final int TAIL1 = 2;     // one continuation byte 80..BF to go
    private static final int TAIL2 = 3;     // two to go
    private static final int TAIL3 = 4;     // three to go
    private static final int AFTER_E0 = 5;  // A0..BF, then one more (no overlong 3-byte forms)
    private static final int AFTER_ED = 6;  // 80..9F, then one more (no surrogates)
    private static final int AFTER_F0 = 7;  // 90..BF, then two more (no overlong 4-byte forms)
    private static final int AFTER_F4 = 8;  // 80..8F, then two more (nothing above U+10FFFF)
    private static final int STATES = 9;

    /** Next state = TABLE[state << 8 | byte]. */
    private static final byte[] TABLE = new byte[STATES << 8];

    static {
        java.util.Arrays.fill(TABLE, (byte) REJECT);
        range(ACCEPT, 0x00, 0x7F, ACCEPT);
        range(ACCEPT, 0xC2, 0xDF, TAIL1);
        range(ACCEPT, 0xE0, 0xE0, AFTER_E0);
        range(ACCEPT, 0xE1, 0xEC, TAIL2);
        range(ACCEPT, 0xED, 0xED, AFTER_ED);
        range(ACCEPT, 0xEE, 0xEF, TAIL2);
        range(ACCEPT, 0xF0, 0xF0, AFTER_F0);
        range(ACCEPT, 0xF1, 0xF3, TAIL3);
        range(ACCEPT, 0xF4, 0xF4, AFTER_F4);
        range(TAIL1, 0x80, 0xBF, ACCEPT);
        range(TAIL2, 0x80, 0xBF, TAIL1);
        range(TAIL3, 0x80, 0xBF, TAIL2);
        range(AFTER_E0, 0xA0, 0xBF, TAIL1);
        range(AFTER_ED, 0x80, 0x9F, TAIL1);
        range(AFTER_F0, 0x90, 0xBF, TAIL2);
        range(AFTER_F4, 0x80, 0x8F, TAIL2);
    }

    private static void range(int state, int from, int to, int next) {
        for (int b = from; b <= to; b++) {
            TABLE[state << 8 | b] = (byte) next;
        }
    }

    private int state = ACCEPT;

    /**
     * Validates {@code a[off, off+len)} as the continuation of everything validated since the last
     * {@link #reset()}.
     *
     * @return -1 if the bytes are valid so far, else the index in {@code a} of the first invalid byte (the
     *         validator then stays invalid)
     */
    public int validate(byte[] a, int off, int len) {
        int s = state;
        if (s == REJECT) {
            return off;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            if (s == ACCEPT) {
                // ASCII fast path: 8 bytes per step while no byte has its high bit set.
                for (int last = end - 8; i <= last && ((long) LONG.get(a, i) & HIGH_BITS) == 0; ) {
                    i += 8;
                }
                while (i < end && a[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
            }
            s = TABLE[s << 8 | (a[i] & 0xFF)];
            if (s == REJECT) {
                state = REJECT;
                return i;
            }
            i++;
        }
        state = s;
        return -1;
    }

    /** Whether the input so far is valid and ends on a code point boundary (a message may end here). */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    /** Whether the input so far is invalid. */
    public boolean isRejected() {
        return state == REJECT;
    }

    /** Starts a new sequence (a new message). */
    public void reset() {
        state = ACCEPT;
    }

    /** Whether {@code a[off, off+len)} alone is complete, valid UTF-8. */
    public static boolean isValid(byte[] a, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.validate(a, off, len) < 0 && v.isComplete();
    }
}
