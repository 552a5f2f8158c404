package dev.wscodec.hixie;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an HTTP head (a start line, header lines, an empty line) incrementally, in any split down to one byte at a
 * time, buffering at most the head limit. Strict like the RFC 6455 codec: every line ends in CRLF; a bare CR or LF,
 * a control character, obsolete line folding or a field name that is not a token is an error (RFC 9112 §2.2, §5).
 * One instance per head; not thread-safe.
 */
final class HeadReader {

    /** A complete head: the start line as sent and the header fields with their values trimmed. */
    record Head(String startLine, HttpHeaders headers) {
    }

    private static final int MAX_QUOTED = 60;

    private final int maxSize;
    private final Violation malformed;
    private final Violation tooLarge;
    private final String what;
    private byte[] buf;
    private int size;
    private boolean done;
    private String startLine;

    /**
     * @param maxSize   the largest head in bytes, its empty line included
     * @param malformed the violation for bad syntax
     * @param tooLarge  the violation for a head over {@code maxSize}
     * @param what      {@code "request"} or {@code "response"}, for messages
     */
    HeadReader(int maxSize, Violation malformed, Violation tooLarge, String what) {
        this.maxSize = maxSize;
        this.malformed = malformed;
        this.tooLarge = tooLarge;
        this.what = what;
        this.buf = new byte[Math.min(512, maxSize)];
    }

    /**
     * Consumes bytes of {@code in} up to the end of the head. Returns the head once its empty line arrived, with
     * {@code in} just after it, or {@code null} when all of {@code in} was consumed and the head is not complete.
     *
     * @throws WsProtocolException for bad syntax, or as soon as the head grows beyond the limit
     */
    Head read(ByteBuffer in) {
        if (done) {
            throw new IllegalStateException("The " + what + " head was already read.");
        }
        while (in.hasRemaining()) {
            byte b = in.get();
            if (size == maxSize) {
                throw new WsProtocolException(tooLarge, "The " + what + " head is larger than the limit of " + maxSize
                        + " bytes (WsConfig.maxHandshakeSize).");
            }
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(maxSize, buf.length * 2));
            }
            byte previous = size == 0 ? 0 : buf[size - 1];
            buf[size++] = b;
            if (previous == '\r' && b != '\n') {
                throw malformed("has a CR that is not followed by LF (RFC 9112 section 2.2).");
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw malformed("has a line that ends in a bare LF instead of CRLF (RFC 9112 section 2.2).");
                }
                if (startLine == null) {
                    startLine = new String(buf, 0, size - 2, StandardCharsets.ISO_8859_1);
                }
                if (size == 2 || (size >= 4 && buf[size - 3] == '\n')) {
                    done = true;
                    Head head = parse();
                    buf = null;
                    return head;
                }
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

    private Head parse() {
        String text = new String(buf, 0, size - 4 < 0 ? 0 : size - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String startLine = lines[0];
        if (startLine.isEmpty()) {
            throw malformed("does not start with a " + (what.equals("request") ? "request" : "status") + " line.");
        }
        checkChars(startLine);
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            checkChars(line);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw malformed("uses obsolete line folding, which is not allowed (RFC 9112 section 5.2).");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("has the header line '" + quote(line) + "' without a field name and a colon "
                        + "(RFC 9112 section 5).");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw malformed("has the field name '" + quote(name) + "', which is not a token (RFC 9110 section 5.1).");
            }
            headers.add(name, line.substring(colon + 1).strip());
        }
        return new Head(startLine, headers.build());
    }

    private void checkChars(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw malformed("holds the control character 0x" + Integer.toHexString(c)
                        + " (RFC 9112 section 5.5).");
            }
        }
    }

    private WsProtocolException malformed(String rest) {
        return new WsProtocolException(malformed, "The " + what + " head " + rest);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!HttpHeaders.isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Text from the peer for a message: at most {@value #MAX_QUOTED} characters, non-printables as '?'. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTED + 3));
        for (int i = 0; i < s.length() && i < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (s.length() > MAX_QUOTED) {
            sb.append("...");
        }
        return sb.toString();
    }
}
