package dev.wscodec.hixie;

/**
 * An incremental UTF-8 validator (RFC 3629 section 4): bytes may arrive split anywhere, and the first byte that can
 * start no valid sequence, or continue none, is found at once. Overlong forms, surrogates and code points above
 * U+10FFFF are invalid.
 */
final class Utf8Check {

    /** Continuation bytes still expected. */
    private int need;
    /** The range of the next continuation byte (narrower right after E0, ED, F0 and F4). */
    private int lo = 0x80;
    private int hi = 0xBF;

    /** Takes one byte; false when it makes the text invalid. */
    boolean next(int b) {
        b &= 0xFF;
        if (need == 0) {
            if (b < 0x80) {
                return true;
            }
            return lead(b);
        }
        if (b < lo || b > hi) {
            return false;
        }
        need--;
        lo = 0x80;
        hi = 0xBF;
        return true;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            expect(2, 0xA0, 0xBF); // no overlong three-byte forms
        } else if (b == 0xED) {
            expect(2, 0x80, 0x9F); // no surrogates
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            expect(3, 0x90, 0xBF); // no overlong four-byte forms
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            expect(3, 0x80, 0x8F); // nothing above U+10FFFF
        } else {
            return false; // 80-C1 cannot start a sequence; F5-FF never occur
        }
        return true;
    }

    private void expect(int n, int low, int high) {
        need = n;
        lo = low;
        hi = high;
    }

    /** Whether the bytes so far end at the end of a character. */
    boolean complete() {
        return need == 0;
    }

    /** Starts over for a new text. */
    void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
    }
}
