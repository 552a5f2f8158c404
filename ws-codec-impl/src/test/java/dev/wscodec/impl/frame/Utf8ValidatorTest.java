package dev.wscodec.impl.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8ValidatorTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** -1 when all valid and complete, else the index of the first bad byte, or {@code length} when truncated. */
    private static int check(byte[] b) {
        Utf8Validator v = new Utf8Validator();
        int bad = v.validate(b, 0, b.length);
        return bad >= 0 ? bad : v.isComplete() ? -1 : b.length;
    }

    @ParameterizedTest
    @CsvSource({
            "'', -1",
            "41, -1",
            "c2 80, -1",            // U+0080
            "df bf, -1",            // U+07FF
            "e0 a0 80, -1",         // U+0800
            "ed 9f bf, -1",         // U+D7FF, last before the surrogates
            "ee 80 80, -1",         // U+E000, first after them
            "ef bf bf, -1",         // U+FFFF
            "f0 90 80 80, -1",      // U+10000
            "f4 8f bf bf, -1",      // U+10FFFF
            "ce ba e1 bd b9 cf 83 ce bc ce b5, -1", // "κόσμε" from Autobahn 6.2
            "c0 80, 0",             // overlong NUL
            "c1 bf, 0",             // overlong 2-byte
            "e0 9f bf, 1",          // overlong 3-byte
            "f0 8f bf bf, 1",       // overlong 4-byte
            "ed a0 80, 1",          // U+D800 surrogate
            "ed bf bf, 1",          // U+DFFF surrogate
            "f4 90 80 80, 1",       // above U+10FFFF
            "f5 80 80 80, 0",
            "ff, 0",
            "80, 0",                // lone continuation
            "41 42 43 44 45 46 47 48 49 fe, 9",  // after the 8-byte ASCII fast path
            "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64, 12", // Autobahn 6.4.3-like: fails inside
            "e2 82, 2",             // truncated at the end
            "f0 90 80, 3",
            "c2, 1",
    })
    void validatesAndReportsTheFirstBadByte(String hex, int expected) {
        assertEquals(expected, check(hex(hex)), hex);
    }

    @Test
    void statePersistsAcrossCallsSplitAtEveryOffset() {
        byte[] text = "aé€😀 ASCII then more κόσμε 𝄞 end".getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at <= text.length; at++) {
            Utf8Validator v = new Utf8Validator();
            assertEquals(-1, v.validate(text, 0, at));
            assertEquals(-1, v.validate(text, at, text.length - at));
            assertTrue(v.isComplete(), "split at " + at);
        }
        byte[] bad = hex("41 f0 90 80 41"); // a 4-byte sequence broken by ASCII
        for (int at = 0; at <= bad.length; at++) {
            Utf8Validator v = new Utf8Validator();
            int first = v.validate(bad, 0, at);
            int second = first >= 0 ? first : v.validate(bad, at, bad.length - at);
            assertEquals(4, second, "split at " + at);
            assertTrue(v.isRejected());
        }
    }

    @Test
    void failsFastAtTheFirstBadByteAndStaysInvalid() {
        Utf8Validator v = new Utf8Validator();
        byte[] a = hex("41 42 ff 43");
        assertEquals(2, v.validate(a, 0, a.length));
        assertEquals(0, v.validate(hex("41"), 0, 1), "a rejected validator rejects everything after");
        v.reset();
        assertEquals(-1, v.validate(hex("41"), 0, 1));
        assertTrue(v.isComplete());
    }

    @Test
    void everyCodePointIsAccepted() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp < 0xD800 || cp > 0xDFFF) {
                sb.appendCodePoint(cp);
            }
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, check(all));
        assertFalse(Utf8Validator.isValid(all, 0, all.length - 1), "cut in the last character");
    }

    @Test
    void agreesWithTheJdkDecoderOnAllTwoAndThreeByteSequencesAndRandomInput() {
        byte[] b = new byte[3];
        for (int i = 0; i < 1 << 24; i += 251) { // a sample of all 3-byte inputs (every 251st)
            b[0] = (byte) (i >>> 16);
            b[1] = (byte) (i >>> 8);
            b[2] = (byte) i;
            assertEquals(jdkAccepts(b), Utf8Validator.isValid(b, 0, 3), () -> HexFormat.of().formatHex(b));
            assertEquals(jdkAccepts(java.util.Arrays.copyOf(b, 2)), Utf8Validator.isValid(b, 0, 2));
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n < 20_000; n++) {
            byte[] x = new byte[1 + r.nextInt(12)];
            for (int i = 0; i < x.length; i++) {
                x[i] = (byte) (r.nextBoolean() ? 0x80 + r.nextInt(0x80) : r.nextInt(0x100));
            }
            assertEquals(jdkAccepts(x), Utf8Validator.isValid(x, 0, x.length), () -> HexFormat.of().formatHex(x));
        }
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void longAsciiRunsWithOffsets() {
        byte[] a = new byte[1000];
        java.util.Arrays.fill(a, (byte) 'x');
        for (int off = 0; off < 16; off++) {
            for (int bad = off; bad < off + 40; bad++) {
                a[bad] = (byte) 0x80;
                Utf8Validator v = new Utf8Validator();
                assertEquals(bad, v.validate(a, off, a.length - off));
                a[bad] = 'x';
            }
        }
    }
}
