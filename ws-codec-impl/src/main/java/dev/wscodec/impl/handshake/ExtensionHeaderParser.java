package dev.wscodec.impl.handshake;

import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and formats {@code Sec-WebSocket-Extensions} values (RFC 6455 §9.1 with the list rules of RFC 9110 §5.6):
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( OWS ";" OWS extension-param )
 * extension-param = token [ OWS "=" OWS ( token / quoted-string ) ]
 * </pre>
 * Empty list elements ({@code a, , b}) are skipped as RFC 9110 §5.6.1 asks of recipients; a header line with no
 * extension at all is malformed. A quoted value is unescaped and must then be a token (RFC 6455 §9.1).
 */
public final class ExtensionHeaderParser {

    private static final String HEADER = "Sec-WebSocket-Extensions";
    private static final int MAX_QUOTED = 80;

    private final String value;
    private int pos;

    private ExtensionHeaderParser(String value) {
        this.value = value;
    }

    /**
     * All extensions of all header lines, in order.
     *
     * @throws WsProtocolException {@link Violation#BAD_NEGOTIATION_HEADER} for a value that breaks the grammar
     */
    public static List<ExtensionParams> parse(List<String> headerValues) {
        List<ExtensionParams> out = new ArrayList<>(2);
        for (String v : headerValues) {
            new ExtensionHeaderParser(v).parseList(out);
        }
        return out;
    }

    /** The header value for these extensions, e.g. {@code permessage-deflate; client_max_window_bits=10, foo}. */
    public static String format(List<ExtensionParams> extensions) {
        StringBuilder sb = new StringBuilder();
        for (ExtensionParams e : extensions) {
            requireToken(e.name(), "extension name");
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.name());
            for (ExtensionParams.Param p : e.params()) {
                requireToken(p.name(), "parameter name");
                sb.append("; ").append(p.name());
                if (p.value() != null) {
                    requireToken(p.value(), "parameter value");
                    sb.append('=').append(p.value());
                }
            }
        }
        return sb.toString();
    }

    /** Whether {@code s} is a non-empty token (RFC 9110 §5.6.2). */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!HttpHeaders.isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void requireToken(String s, String what) {
        if (!isToken(s)) {
            throw new IllegalArgumentException("The " + what + " '" + s + "' is not a token (RFC 6455 section 9.1).");
        }
    }

    private void parseList(List<ExtensionParams> out) {
        int found = 0;
        while (true) {
            skipOws();
            if (atEnd()) {
                break;
            }
            if (peek() == ',') { // RFC 9110 §5.6.1: empty list elements are ignored
                pos++;
                continue;
            }
            out.add(parseExtension());
            found++;
            skipOws();
            if (atEnd()) {
                break;
            }
            if (peek() != ',') {
                throw fail("expected ',' or ';' at position " + pos + " but found " + describe(pos));
            }
            pos++;
        }
        if (found == 0) {
            throw new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER, "The " + HEADER + " header '"
                    + quote(value) + "' names no extension (RFC 6455 section 9.1).");
        }
    }

    private ExtensionParams parseExtension() {
        String name = token();
        if (name.isEmpty()) {
            throw fail("expected an extension name at position " + pos + " but found " + describe(pos));
        }
        List<ExtensionParams.Param> params = new ArrayList<>(2);
        while (true) {
            int save = pos;
            skipOws();
            if (atEnd() || peek() != ';') {
                pos = save;
                return new ExtensionParams(name, params);
            }
            pos++;
            skipOws();
            String pname = token();
            if (pname.isEmpty()) {
                throw fail("expected a parameter name of extension '" + name + "' at position " + pos
                        + " but found " + describe(pos));
            }
            save = pos;
            skipOws();
            String pvalue = null;
            if (!atEnd() && peek() == '=') {
                pos++;
                skipOws();
                pvalue = paramValue(name, pname);
            } else {
                pos = save;
            }
            params.add(new ExtensionParams.Param(pname, pvalue));
        }
    }

    private String paramValue(String ext, String param) {
        if (!atEnd() && peek() == '"') {
            int start = pos;
            String unquoted = quotedString();
            // RFC 6455 §9.1: a quoted value must conform to the token ABNF once unescaped.
            if (!isToken(unquoted)) {
                throw fail("the quoted value of parameter '" + param + "' of extension '" + ext + "' at position "
                        + start + " is not a token");
            }
            return unquoted;
        }
        String v = token();
        if (v.isEmpty()) {
            throw fail("expected a value for parameter '" + param + "' of extension '" + ext + "' at position "
                    + pos + " but found " + describe(pos));
        }
        return v;
    }

    private String quotedString() {
        int start = pos;
        pos++; // opening DQUOTE
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw fail("the quoted string at position " + start + " is not terminated");
            }
            char c = value.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') { // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                if (atEnd()) {
                    throw fail("the quoted string at position " + start + " ends with a lone backslash");
                }
                c = value.charAt(pos++);
                if (!isQuotedPairChar(c)) {
                    throw fail("the quoted string at position " + start + " escapes a control character");
                }
            } else if (!isQdText(c)) {
                throw fail("the quoted string at position " + start + " holds a character not allowed in it at position "
                        + (pos - 1));
            }
            sb.append(c);
        }
    }

    private static boolean isQdText(char c) {
        return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)
                || (c >= 0x80 && c <= 0xFF);
    }

    private static boolean isQuotedPairChar(char c) {
        return c == '\t' || (c >= 0x20 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    private String token() {
        int start = pos;
        while (pos < value.length() && HttpHeaders.isTokenChar(value.charAt(pos))) {
            pos++;
        }
        return value.substring(start, pos);
    }

    private void skipOws() {
        while (pos < value.length() && (value.charAt(pos) == ' ' || value.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= value.length();
    }

    private char peek() {
        return value.charAt(pos);
    }

    private String describe(int at) {
        if (at >= value.length()) {
            return "the end of the value";
        }
        char c = value.charAt(at);
        return c >= 0x21 && c <= 0x7E ? "'" + c + "'" : String.format("the character 0x%02X", (int) c);
    }

    private WsProtocolException fail(String detail) {
        return new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER, "The " + HEADER + " header '"
                + quote(value) + "' is malformed: " + detail + " (RFC 6455 section 9.1).");
    }

    /** The value for an error message: printable ASCII only, shortened. */
    static String quote(String s) {
        return HttpHeadParser.quote(s, MAX_QUOTED);
    }
}
