package dev.wscodec.hixie;

import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * The key challenge of draft-hixie-76 (section 1.3, server steps in section 5.2, client steps in section 4.1):
 * each of {@code Sec-WebSocket-Key1} and {@code Sec-WebSocket-Key2} hides a number (its digits) multiplied by the
 * count of its spaces; the answer is the MD5 of the two quotients as big-endian 32-bit numbers followed by the
 * eight bytes after the request head.
 */
final class KeyChallenge {

    /** The length of the key that follows the request head (draft-hixie-76 section 4.1 step 29). */
    static final int KEY3_LENGTH = 8;
    /** The length of the answer that follows the response head (draft-hixie-76 section 5.2 step 9). */
    static final int ANSWER_LENGTH = 16;

    private static final long MAX_KEY_NUMBER = 0xFFFF_FFFFL;
    /** The characters a client mixes into a key: U+0021-U+002F and U+003A-U+007E (section 4.1 step 18). */
    private static final String NOISE;

    static {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c < '0' || c > '9') {
                sb.append(c);
            }
        }
        NOISE = sb.toString();
    }

    /** A key as a client makes it: the header value and the number it stands for. */
    record Key(String value, long number) {
    }

    private KeyChallenge() {
    }

    /**
     * The number a key stands for: its digits read as one decimal number, divided by its count of spaces
     * (draft-hixie-76 section 5.2 step 4: "If either /spaces_1/ or /spaces_2/ is zero, then abort the WebSocket
     * connection. This is a symptom of a cross-protocol attack. If /key-number_1/ is not an integral multiple of
     * /spaces_1/, then abort the WebSocket connection.").
     *
     * @param name the header name, for messages
     * @throws WsProtocolException ({@link Violation#BAD_KEY}) for a key without digits or spaces, a number over
     *                             2^32 - 1, or a number that the count of spaces does not divide
     */
    static long keyNumber(String name, String key) {
        long number = 0;
        int digits = 0;
        int spaces = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                number = number * 10 + (c - '0');
                if (number > MAX_KEY_NUMBER) {
                    throw badKey(name + " stands for a number greater than 4294967295, which no client sends "
                            + "(draft-hixie-76 section 4.1 step 16).");
                }
            } else if (c == ' ') {
                spaces++;
            }
        }
        if (digits == 0) {
            throw badKey(name + " has no digits (draft-hixie-76 section 5.2 step 4).");
        }
        if (spaces == 0) {
            throw badKey(name + " has no space, a symptom of a cross-protocol attack (draft-hixie-76 section 5.2 "
                    + "step 4).");
        }
        if (number % spaces != 0) {
            throw badKey(name + " stands for " + number + ", which is not a multiple of its " + spaces
                    + " spaces (draft-hixie-76 section 5.2 step 4).");
        }
        return number / spaces;
    }

    /** The 16-byte answer: MD5 of number1 and number2 as big-endian 32-bit numbers, then the 8-byte key. */
    static byte[] answer(long number1, long number2, byte[] key3) {
        ByteBuffer challenge = ByteBuffer.allocate(16);
        challenge.putInt((int) number1).putInt((int) number2).put(key3);
        try {
            return MessageDigest.getInstance("MD5").digest(challenge.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime, which every Java runtime must "
                    + "provide.", e);
        }
    }

    /** A new key as draft-hixie-76 section 4.1 steps 16-22 make it. */
    static Key newKey(RandomGenerator random) {
        int spaces = 1 + random.nextInt(12);
        long max = MAX_KEY_NUMBER / spaces;
        long number = random.nextLong(max + 1);
        StringBuilder key = new StringBuilder(Long.toString(number * spaces));
        int noise = 1 + random.nextInt(12);
        for (int i = 0; i < noise; i++) {
            key.insert(random.nextInt(key.length() + 1), NOISE.charAt(random.nextInt(NOISE.length())));
        }
        for (int i = 0; i < spaces; i++) {
            key.insert(1 + random.nextInt(key.length() - 1), ' '); // never first or last
        }
        return new Key(key.toString(), number);
    }

    private static WsProtocolException badKey(String message) {
        return new WsProtocolException(Violation.BAD_KEY, "The key " + message);
    }
}
