package dev.wscodec.impl.handshake;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental, strict parser of an HTTP/1.1 message head (RFC 9112 §2.1): a start line, header fields, an empty
 * line. Bytes may arrive in any split, down to one at a time; they are buffered up to the head limit and never
 * beyond. Lines end in CRLF; a bare CR or LF, a control character, obsolete line folding, whitespace before a
 * colon or a field name that is not a token is an error. Not thread-safe; one instance per head.
 */
final class HttpHeadParser {

    /** A complete head: the start line as sent and the header fields with their values trimmed of OWS. */
    record Head(String startLine, HttpHeaders headers) {
    }

    /** Where the scanner is. */
    enum State {
        /** Inside a line, waiting for its CR. */
        LINE,
        /** After a CR, which must be followed by LF. */
        CR,
        /** The empty line ending the head was seen. */
        DONE
    }

    private static final int INITIAL_CAPACITY = 512;
    private static final int MAX_QUOTED = 60;

    /**
     * Names and values that most handshakes carry, in one list since some are both ({@code Upgrade}): text that
     * matches one byte for byte is shared instead of decoded anew.
     */
    private static final String[] KNOWN = {
        "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept", "Origin", "User-Agent", "Accept-Encoding",
        "Accept-Language", "Cache-Control", "Pragma", "Cookie", "websocket", "13", "keep-alive, Upgrade", "no-cache",
        "permessage-deflate; client_max_window_bits", "permessage-deflate",
    };

    private final int maxSize;
    private final Violation malformed;
    private final Violation tooLarge;
    private final String what;
    private HttpHeaders.Builder headers = HttpHeaders.builder();
    private byte[] buf;
    private int size;
    private int scan;
    private int lineStart;
    private State state = State.LINE;
    private String startLine;

    /**
     * @param maxSize   the largest head in bytes, final empty line included
     * @param malformed the violation for bad syntax
     * @param tooLarge  the violation for a head over {@code maxSize}
     * @param what      {@code "request"} or {@code "response"}, for messages
     */
    HttpHeadParser(int maxSize, Violation malformed, Violation tooLarge, String what) {
        this.maxSize = maxSize;
        this.malformed = malformed;
        this.tooLarge = tooLarge;
        this.what = what;
        this.buf = new byte[Math.min(INITIAL_CAPACITY, maxSize)];
    }

    /**
     * Consumes head bytes from {@code in}. Returns the head once its empty line arrived, leaving {@code in} just
     * after it; returns {@code null} when all of {@code in} was consumed and the head is not complete yet.
     *
     * @throws WsProtocolException for bad syntax, or as soon as the head grows beyond the limit
     */
    Head parse(ByteBuffer in) {
        if (state == State.DONE) {
            throw new IllegalStateException("The " + what + " head was already parsed.");
        }
        while (in.hasRemaining()) {
            int room = maxSize - size;
            if (room == 0) {
                // RFC 6455 §4.2.1 / RFC 6585 §5: refuse a head larger than the limit without buffering it.
                throw new WsProtocolException(tooLarge, "The " + what + " head is larger than the limit of " + maxSize
                        + " bytes (WsConfig.maxHandshakeSize).");
            }
            int n = Math.min(room, in.remaining());
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(maxSize, Math.max(size + n, buf.length * 2)));
            }
            int position = in.position();
            in.get(buf, size, n);
            int before = size;
            size += n;
            int end = scan();
            if (end >= 0) {
                in.position(position + (end - before));
                Head head = new Head(startLine, headers.build());
                buf = null; // a parser kept after the head holds no buffers
                headers = null;
                return head;
            }
        }
        return null;
    }

    /**
     * The start line as sent, once its CRLF arrived (also when the rest of the head then turns out malformed or too
     * large), else {@code null}: what a refusal needs to know about the request, such as whether it is a HEAD.
     */
    String startLine() {
        return startLine;
    }

    /** Scans the new bytes; returns the offset just after the head, or -1 if it is not complete. */
    private int scan() {
        byte[] b = buf;
        for (int i = scan; i < size; i++) {
            int c = b[i] & 0xFF;
            switch (state) {
                case LINE:
                    if (c == '\r') {
                        state = State.CR;
                    } else if (c == '\n') {
                        throw fail("has a line feed without a carriage return at byte " + i
                                + "; lines must end with CRLF (RFC 9112 section 2.2)");
                    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
                        throw fail("holds the control character " + hex(c) + " at byte " + i
                                + " (RFC 9112 section 5.5)");
                    }
                    break;
                case CR:
                    if (c != '\n') {
                        throw fail("has a carriage return without a line feed at byte " + (i - 1)
                                + " (RFC 9112 section 2.2)");
                    }
                    boolean last = line(lineStart, i - 1);
                    lineStart = i + 1;
                    if (last) {
                        state = State.DONE;
                        scan = i + 1;
                        return i + 1;
                    }
                    state = State.LINE;
                    break;
                case DONE:
                default:
                    throw new IllegalStateException("Scanning after the end of the head.");
            }
        }
        scan = size;
        return -1;
    }

    /** Handles the line {@code [from, to)}; returns whether it was the empty line ending the head. */
    private boolean line(int from, int to) {
        if (startLine == null) {
            if (from == to) {
                return false; // RFC 9112 §2.2: empty lines before the start line are ignored.
            }
            startLine = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
            return false;
        }
        if (from == to) {
            return true;
        }
        byte[] b = buf;
        if (isOws(b[from])) {
            throw fail("continues a header with a line starting with whitespace (obsolete line folding), which is "
                    + "not accepted: '" + quote(latin1(from, to)) + "' (RFC 9112 section 5.2)");
        }
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        if (colon == to) {
            throw fail("has a header line without a colon: '" + quote(latin1(from, to)) + "' (RFC 9112 section 5.1)");
        }
        if (colon == from) {
            throw fail("has a header line with an empty field name: '" + quote(latin1(from, to))
                    + "' (RFC 9112 section 5.1)");
        }
        if (isOws(b[colon - 1])) {
            throw fail("has whitespace between a field name and its colon: '" + quote(latin1(from, to))
                    + "' (RFC 9112 section 5.1)");
        }
        String name = text(from, colon);
        if (!ExtensionHeaderParser.isToken(name)) {
            throw fail("has a field name that is not a token: '" + quote(name) + "' (RFC 9110 section 5.1)");
        }
        int start = colon + 1;
        int end = to;
        while (start < end && isOws(b[start])) {
            start++;
        }
        while (end > start && isOws(b[end - 1])) {
            end--;
        }
        headers.add(name, text(start, end));
        return false;
    }

    /** The bytes {@code [from, to)} as a well-known string when they spell one exactly, else as a new string. */
    private String text(int from, int to) {
        int n = to - from;
        for (String k : KNOWN) {
            if (k.length() == n && sameBytes(k, from)) {
                return k;
            }
        }
        return latin1(from, to);
    }

    private boolean sameBytes(String k, int from) {
        for (int i = 0; i < k.length(); i++) {
            if (buf[from + i] != k.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String latin1(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isOws(byte c) {
        return c == ' ' || c == '\t';
    }

    private WsProtocolException fail(String detail) {
        return new WsProtocolException(malformed, "The " + what + " head " + detail + ".");
    }

    private static String hex(int c) {
        return String.format("0x%02X", c);
    }

    /** Printable ASCII only, shortened, for messages. */
    static String quote(String s) {
        return quote(s, MAX_QUOTED);
    }

    /** Peer input for an error message: printable ASCII only ({@code ?} for the rest), at most {@code max} chars. */
    static String quote(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 3));
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7E ? c : '?');
        }
        if (s.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }
}
