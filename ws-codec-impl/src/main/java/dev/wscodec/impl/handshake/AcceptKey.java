package dev.wscodec.impl.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Sec-WebSocket-Key} / {@code Sec-WebSocket-Accept} computation of RFC 6455 §1.3 and §4.2.2. */
public final class AcceptKey {

    /** The GUID that RFC 6455 §1.3 appends to the key. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Length of the base64 form of a 16-byte key, padding included. */
    static final int KEY_LENGTH = 24;

    private AcceptKey() {
    }

    /**
     * {@code base64(SHA-1(key + GUID))}: the exact {@code Sec-WebSocket-Accept} value, 28 characters, no line break
     * (RFC 6455 §4.2.2 item 5.4). {@code "dGhlIHNhbXBsZSBub25jZQ=="} gives {@code "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}.
     */
    public static String compute(String key) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1, which every Java platform must provide.", e);
        }
        sha1.update(key.getBytes(StandardCharsets.ISO_8859_1));
        byte[] digest = sha1.digest(GUID.getBytes(StandardCharsets.ISO_8859_1));
        // RFC 6455 §4.2.2: the accept value is the plain base64 of the digest; no MIME line breaks.
        return Base64.getEncoder().encodeToString(digest);
    }

    /** A fresh key: the base64 of 16 bytes (RFC 6455 §4.1 item 7). */
    public static String encodeKey(byte[] sixteenBytes) {
        if (sixteenBytes.length != 16) {
            throw new IllegalArgumentException("A Sec-WebSocket-Key is made of exactly 16 bytes but "
                    + sixteenBytes.length + " were given.");
        }
        return Base64.getEncoder().encodeToString(sixteenBytes);
    }

    /**
     * Whether {@code key} is the padded base64 of exactly 16 bytes (RFC 6455 §4.2.1 item 5): 24 characters of
     * the base64 alphabet ending in {@code ==}.
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != KEY_LENGTH || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            boolean b64 = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
            if (!b64) {
                return false;
            }
        }
        return true;
    }
}
