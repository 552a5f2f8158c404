package dev.wscodec.api.spi;

import dev.wscodec.api.HttpHeaders;

/**
 * Tells, one byte at a time, whether the first bytes of a connection can still begin an HTTP/1 request line (RFC
 * 9112 section 3): {@code request-line = method SP request-target SP HTTP-version CRLF}, where {@code method} is a
 * token, {@code request-target} holds no whitespace or control character and {@code HTTP-version} is {@code
 * "HTTP/" DIGIT "." DIGIT}. A TLS ClientHello ({@code 0x16 0x03 ...}), binary junk or a line like {@code GARBAGE}
 * fails within a few bytes, so that {@link SelectingEngine} need not wait for the end of a head that will never
 * come. Once the line has ended in CRLF, every further byte is accepted (the header fields are the chosen engine's
 * business). One instance per connection; not thread-safe.
 *
 * <p>Nothing a provider could claim is turned away early: a line this check fails could not be read as a request
 * by {@link ProviderSelection#parseLeniently} either, or is one both engines refuse as malformed.
 */
final class RequestLineCheck {

    /** Where the check is in the request line. */
    private enum Part {
        /** Before the method's first character. */
        START,
        /** In the method, a token. */
        METHOD,
        /** Just after the SP that ends the method. */
        TARGET_START,
        /** In the request target. */
        TARGET,
        /** In the HTTP version, at {@link #at} of {@code HTTP/d.d}. */
        VERSION,
        /** After the CR that ends the version. */
        CR,
        /** The request line ended with CRLF. */
        DONE
    }

    private static final String VERSION = "HTTP/d.d";

    private Part part = Part.START;
    private int at;

    /** Whether the bytes so far, ending with {@code b}, can still begin a request line (always true after it). */
    boolean accept(byte b) {
        int c = b & 0xFF;
        switch (part) {
            case START -> {
                // No leading empty line either: ProviderSelection.parseLeniently reads none.
                if (!HttpHeaders.isTokenChar((char) c)) {
                    return false;
                }
                part = Part.METHOD;
            }
            case METHOD -> {
                if (c == ' ') {
                    part = Part.TARGET_START;
                } else if (!HttpHeaders.isTokenChar((char) c)) {
                    return false;
                }
            }
            case TARGET_START, TARGET -> {
                if (c == ' ' && part == Part.TARGET) {
                    part = Part.VERSION;
                    at = 0;
                } else if (c <= 0x20 || c == 0x7F) {
                    return false; // RFC 9112 section 3.2: no whitespace in the target, and it is not empty
                } else {
                    part = Part.TARGET;
                }
            }
            case VERSION -> {
                if (at == VERSION.length()) {
                    if (c != '\r') {
                        return false;
                    }
                    part = Part.CR;
                } else {
                    char want = VERSION.charAt(at++);
                    if (want == 'd' ? c < '0' || c > '9' : c != want) {
                        return false; // RFC 9112 section 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT
                    }
                }
            }
            case CR -> {
                if (c != '\n') {
                    return false; // RFC 9112 section 2.2: the line ends with CRLF
                }
                part = Part.DONE;
            }
            default -> {
            }
        }
        return true;
    }
}
