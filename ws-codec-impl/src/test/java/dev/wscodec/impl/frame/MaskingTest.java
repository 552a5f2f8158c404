package dev.wscodec.impl.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private static byte[] naive(byte[] data, int off, int len, int key, long frameOffset) {
        byte[] out = data.clone();
        for (int i = 0; i < len; i++) {
            int keyByte = (int) ((frameOffset + i) & 3);
            out[off + i] ^= (byte) (key >>> (24 - 8 * keyByte));
        }
        return out;
    }

    @Test
    void rfcExample() {
        byte[] hello = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Masking.mask(hello, 0, 5, 0x37fa213d, 0);
        assertArrayEquals(HexFormat.of().parseHex("7f9f4d5158"), hello);
    }

    @Test
    void matchesByteWiseMaskingForAllLengthsOffsetsAndPhases() {
        SplittableRandom r = new SplittableRandom(1);
        for (int len = 0; len <= 40; len++) {
            for (int off = 0; off < 9; off++) {
                for (int phase = 0; phase < 8; phase++) {
                    byte[] data = new byte[off + len + 3];
                    r.nextBytes(data);
                    int key = r.nextInt();
                    byte[] expected = naive(data, off, len, key, phase);
                    Masking.mask(data, off, len, key, phase);
                    assertArrayEquals(expected, data, "len " + len + " off " + off + " phase " + phase);
                }
            }
        }
    }

    @Test
    void maskingInPiecesEqualsMaskingAtOnce() {
        byte[] data = new byte[1000];
        new SplittableRandom(2).nextBytes(data);
        byte[] whole = data.clone();
        Masking.mask(whole, 0, whole.length, 0xA1B2C3D4, 0);
        for (int cut = 0; cut <= 1000; cut += 37) {
            byte[] pieces = data.clone();
            Masking.mask(pieces, 0, cut, 0xA1B2C3D4, 0);
            Masking.mask(pieces, cut, 1000 - cut, 0xA1B2C3D4, cut);
            assertArrayEquals(whole, pieces, "cut at " + cut);
        }
    }

    @Test
    void maskCopyMatchesMaskingInPlaceForAllLengthsOffsetsAndPhases() {
        SplittableRandom r = new SplittableRandom(3);
        for (int len = 0; len <= 40; len++) {
            for (int off = 0; off < 9; off++) {
                for (int phase = 0; phase < 8; phase++) {
                    byte[] src = new byte[off + len + 3];
                    r.nextBytes(src);
                    byte[] before = src.clone();
                    int key = r.nextInt();
                    byte[] expected = naive(src, off, len, key, phase);
                    byte[] dst = new byte[len + 5];
                    Masking.maskCopy(src, off, dst, 2, len, key, phase);
                    assertArrayEquals(java.util.Arrays.copyOfRange(expected, off, off + len),
                            java.util.Arrays.copyOfRange(dst, 2, 2 + len), "len " + len + " off " + off);
                    assertArrayEquals(new byte[2], java.util.Arrays.copyOfRange(dst, 0, 2), "nothing before");
                    assertArrayEquals(new byte[3], java.util.Arrays.copyOfRange(dst, 2 + len, dst.length), "after");
                    assertArrayEquals(before, src, "the source is not changed");
                }
            }
        }
    }

    @Test
    void maskCopyChecksBothRanges() {
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> Masking.maskCopy(new byte[8], 1, new byte[8], 0, 8, 1, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> Masking.maskCopy(new byte[8], 0, new byte[8], 1, 8, 1, 0));
    }
}
