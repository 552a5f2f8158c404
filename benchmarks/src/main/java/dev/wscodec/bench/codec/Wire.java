package dev.wscodec.bench.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Hand-built RFC 6455 frames and sample payloads for the benchmarks. Deliberately independent of the codec under
 * test, so that both codecs decode the very same bytes.
 */
public final class Wire {

    public static final int OP_CONT = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;

    private Wire() {
    }

    /** One frame: FIN set, the given opcode and RSV bits, masked with {@code mask} when it is not {@code null}. */
    public static byte[] frame(int opcode, int rsv, byte[] payload, byte[] mask) {
        int len = payload.length;
        int ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
        int head = 2 + ext + (mask == null ? 0 : 4);
        byte[] out = new byte[head + len];
        out[0] = (byte) (0x80 | rsv | opcode);
        int b1 = mask == null ? 0 : 0x80;
        if (ext == 0) {
            out[1] = (byte) (b1 | len);
        } else if (ext == 2) {
            out[1] = (byte) (b1 | 126);
            out[2] = (byte) (len >>> 8);
            out[3] = (byte) len;
        } else {
            out[1] = (byte) (b1 | 127);
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        int p = 2 + ext;
        if (mask != null) {
            System.arraycopy(mask, 0, out, p, 4);
            p += 4;
        }
        for (int i = 0; i < len; i++) {
            out[p + i] = (byte) (mask == null ? payload[i] : payload[i] ^ mask[i & 3]);
        }
        return out;
    }

    /** {@code count} masked frames back to back, each with its own masking key. */
    public static byte[] maskedFrames(int opcode, byte[] payload, int count, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            out.writeBytes(frame(opcode, 0, payload, mask));
        }
        return out.toByteArray();
    }

    /** Random bytes (binary payload). */
    public static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** About {@code length} bytes of ASCII JSON (an array of records), cut to a whole record, padded with spaces. */
    public static byte[] asciiJson(int length) {
        StringBuilder sb = new StringBuilder(length + 128).append('[');
        int i = 0;
        while (sb.length() < length - 100) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"user\":\"user-").append(i * 7919 % 1000)
                    .append("\",\"price\":").append(i * 37 % 1000).append(".25,\"tags\":[\"alpha\",\"beta\"],\"ok\":true}");
            i++;
        }
        sb.append(']');
        while (sb.length() < length) {
            sb.append(' ');
        }
        return sb.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Exactly {@code length} bytes of valid UTF-8 mixing Cyrillic (2-byte), CJK (3-byte) and some ASCII, padded
     * with ASCII spaces to the exact length.
     */
    public static byte[] mixedUtf8(int length) {
        String[] words = {"Привет", "мир", "東京", "漢字テキスト", "данные", "中文字符", "сообщение", "한국어"};
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < length - 40) {
            for (int k = 0; k < 64; k++) {
                sb.append(words[i++ % words.length]).append(i % 5 == 0 ? ", " : " ");
            }
        }
        byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
        int cut = Math.min(length, utf8.length);
        while (cut > 0 && cut < utf8.length && (utf8[cut] & 0xC0) == 0x80) {
            cut--; // do not cut a character in two
        }
        byte[] out = new byte[length];
        System.arraycopy(utf8, 0, out, 0, cut);
        for (int k = cut; k < length; k++) {
            out[k] = ' ';
        }
        return out;
    }
}
