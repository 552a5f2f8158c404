package dev.wscodec.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The compact form behind {@link HttpHeaders}: every name and value of a header block in one {@code byte[]}, each
 * written as a <em>reference</em>, name then value, field after field:
 *
 * <ul>
 *   <li>a byte {@code 0x00}-{@code 0xBF}: the length of the text, then its ISO-8859-1 bytes;</li>
 *   <li>a byte {@code 0xC0}-{@code 0xFE}: an entry of {@link #TABLE}, well-known names and values that then take one
 *       byte and are decoded to one shared {@code String};</li>
 *   <li>the byte {@code 0xFF}: a four-byte big-endian length, then the ISO-8859-1 bytes of a longer text.</li>
 * </ul>
 *
 * <p>The encoding is canonical (a text always gets the same bytes: the table entry when it equals one exactly,
 * else the shortest length form), so two packs hold the same fields exactly when their bytes are equal. Only text
 * of ISO-8859-1 characters can be packed; {@link HttpHeaders.Builder} admits no other.
 */
final class HeaderPacking {

    /** Names and values common in WebSocket handshakes; at most 63, matched case-sensitively. */
    private static final String[] TABLE = {
        "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept", "Origin", "User-Agent", "Accept-Encoding",
        "Accept-Language", "Cache-Control", "Pragma", "Cookie", "Authorization", "Content-Type", "Content-Length",
        "Allow", "Date", "Server", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP",
        "websocket", "13", "keep-alive", "keep-alive, Upgrade", "close", "no-cache", "GET", "0",
        "permessage-deflate", "permessage-deflate; client_max_window_bits", "gzip, deflate", "gzip, deflate, br",
        "gzip, deflate, br, zstd", "text/plain; charset=utf-8", "text/html; charset=utf-8",
    };

    private static final int TABLE_BASE = 0xC0;
    private static final int LONG = 0xFF;

    private static final Map<String, Integer> INDEX = index();

    private HeaderPacking() {
    }

    private static Map<String, Integer> index() {
        if (TABLE.length > LONG - TABLE_BASE) {
            throw new AssertionError("The header table has more entries than references can name.");
        }
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < TABLE.length; i++) {
            m.put(TABLE[i], i);
        }
        return Map.copyOf(m);
    }

    /** The most bytes a reference takes beyond the characters of its text. */
    static final int MAX_OVERHEAD = 5;

    /**
     * Writes {@code s} as a reference at {@code p}, which must have room for {@code s.length() + MAX_OVERHEAD}
     * bytes; returns the position after it.
     */
    static int write(byte[] d, int p, String s) {
        Integer t = INDEX.get(s);
        if (t != null) {
            d[p] = (byte) (TABLE_BASE + t);
            return p + 1;
        }
        int n = s.length();
        if (n < TABLE_BASE) {
            d[p++] = (byte) n;
        } else {
            d[p++] = (byte) LONG;
            d[p++] = (byte) (n >>> 24);
            d[p++] = (byte) (n >>> 16);
            d[p++] = (byte) (n >>> 8);
            d[p++] = (byte) n;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                throw new IllegalStateException("Only ISO-8859-1 text can be packed; the builder checks this.");
            }
            d[p++] = (byte) c;
        }
        return p;
    }

    /** The position just after the reference at {@code p}. */
    static int next(byte[] d, int p) {
        int tag = d[p] & 0xFF;
        if (tag < TABLE_BASE) {
            return p + 1 + tag;
        }
        return tag == LONG ? p + 5 + longLength(d, p) : p + 1;
    }

    /** The text of the reference at {@code p}: the shared table entry, or a new string. */
    static String text(byte[] d, int p) {
        int tag = d[p] & 0xFF;
        if (tag < TABLE_BASE) {
            return new String(d, p + 1, tag, StandardCharsets.ISO_8859_1);
        }
        if (tag == LONG) {
            return new String(d, p + 5, longLength(d, p), StandardCharsets.ISO_8859_1);
        }
        return TABLE[tag - TABLE_BASE];
    }

    /**
     * Whether the reference at {@code p} equals {@code s} ignoring case, exactly as {@link String#equalsIgnoreCase}
     * decides it; false for a {@code null} {@code s}.
     */
    static boolean equalsIgnoreCase(byte[] d, int p, String s) {
        if (s == null) {
            return false;
        }
        int tag = d[p] & 0xFF;
        int from;
        int n;
        if (tag < TABLE_BASE) {
            from = p + 1;
            n = tag;
        } else if (tag == LONG) {
            from = p + 5;
            n = longLength(d, p);
        } else {
            return TABLE[tag - TABLE_BASE].equalsIgnoreCase(s);
        }
        if (n != s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!sameIgnoringCase((char) (d[from + i] & 0xFF), s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The per-character rule of {@link String#regionMatches(boolean, int, String, int, int)} ignoring case. */
    private static boolean sameIgnoringCase(char a, char b) {
        if (a == b) {
            return true;
        }
        char ua = Character.toUpperCase(a);
        char ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }

    private static int longLength(byte[] d, int p) {
        return (d[p + 1] & 0xFF) << 24 | (d[p + 2] & 0xFF) << 16 | (d[p + 3] & 0xFF) << 8 | (d[p + 4] & 0xFF);
    }
}
