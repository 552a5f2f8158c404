package dev.wscodec.impl.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    private static final FrameEncoder SERVER = new FrameEncoder(null);

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** Keys 0x37fa213d, then 0x01020304, 0x01020305, ... */
    private static RandomGenerator keys() {
        return new RandomGenerator() {
            int n;

            @Override
            public long nextLong() {
                throw new AssertionError("only nextInt is used for masking keys");
            }

            @Override
            public int nextInt() {
                return n++ == 0 ? 0x37fa213d : 0x01020303 + n - 1;
            }
        };
    }

    @Test
    void sevenBitLength() {
        assertArrayEquals(hex("81 05 48 65 6c 6c 6f"), bytes(SERVER.frame(0x81, ByteBuffer.wrap("Hello".getBytes()))));
        assertArrayEquals(hex("82 00"), bytes(SERVER.frame(0x82, ByteBuffer.allocate(0))));
        assertEquals(2 + 125, SERVER.frame(0x82, ByteBuffer.allocate(125)).remaining());
    }

    @Test
    void sixteenBitLength() {
        byte[] f = bytes(SERVER.frame(0x82, ByteBuffer.allocate(126)));
        assertArrayEquals(hex("82 7E 00 7E"), Arrays.copyOf(f, 4));
        assertEquals(4 + 126, f.length);
        f = bytes(SERVER.frame(0x82, ByteBuffer.allocate(65535)));
        assertArrayEquals(hex("82 7E FF FF"), Arrays.copyOf(f, 4));
    }

    @Test
    void sixtyFourBitLength() {
        byte[] f = bytes(SERVER.frame(0x82, ByteBuffer.allocate(65536)));
        assertArrayEquals(hex("82 7F 00 00 00 00 00 01 00 00"), Arrays.copyOf(f, 10));
        assertEquals(10 + 65536, f.length);
    }

    @Test
    void clientMasksWithAFreshKeyPerFrame() {
        FrameEncoder client = new FrameEncoder(MaskKeys.of(keys()));
        assertArrayEquals(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), bytes(client.frame(0x81, ByteBuffer.wrap("Hello".getBytes()))));
        assertArrayEquals(hex("81 85 01 02 03 04 49 67 6f 68 6e"), bytes(client.frame(0x81, ByteBuffer.wrap("Hello".getBytes()))));
        byte[] big = bytes(client.frame(0x82, ByteBuffer.allocate(300)));
        assertArrayEquals(hex("82 FE 01 2C 01 02 03 05"), Arrays.copyOf(big, 8));
        for (int i = 0; i < 300; i++) {
            assertEquals(new byte[] {1, 2, 3, 5}[i & 3], big[8 + i]);
        }
    }

    @Test
    void payloadPositionIsNotMoved() {
        ByteBuffer p = ByteBuffer.wrap("xHello".getBytes()).position(1);
        assertArrayEquals(hex("81 05 48 65 6c 6c 6f"), bytes(SERVER.frame(0x81, p)));
        assertEquals(1, p.position());
    }

    @Test
    void fragmentsAtTheConfiguredSize() {
        ByteBuffer p = ByteBuffer.wrap("Hello".getBytes());
        assertArrayEquals(hex("41 02 48 65 00 02 6c 6c 80 01 6f"), bytes(SERVER.fragments(1, 0x40, p, 2, true)));
        assertArrayEquals(hex("01 03 48 65 6c 80 02 6c 6f"), bytes(SERVER.fragments(1, 0, p, 3, true)));
        assertArrayEquals(hex("01 05 48 65 6c 6c 6f"), bytes(SERVER.fragments(1, 0, p, 5, false)));
        assertArrayEquals(hex("81 05 48 65 6c 6c 6f"), bytes(SERVER.fragments(1, 0, p, 0, true)));
        assertArrayEquals(hex("82 00"), bytes(SERVER.fragments(2, 0, ByteBuffer.allocate(0), 4, true)));
    }

    @Test
    void maskedFragmentsEachGetAKey() {
        FrameEncoder client = new FrameEncoder(MaskKeys.of(keys()));
        byte[] f = bytes(client.fragments(2, 0, ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0}), 4, true));
        assertArrayEquals(hex("02 84 37 fa 21 3d 37 fa 21 3d 80 81 01 02 03 04 01"), f);
    }

    @Test
    void defaultKeysDiffer() {
        MaskKeys keys = MaskKeys.of(null);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(keys.nextKey());
        }
        // Two equal keys among 1000 happen with odds ~1e-4; three distinct collisions practically never.
        assertTrue(seen.size() >= 998, "keys from SecureRandom are fresh: " + seen.size() + " distinct of 1000");
    }
}
