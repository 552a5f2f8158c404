package dev.wscodec.impl.handshake;

import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The server's checks of a request head: HTTP/1.1 syntax (RFC 9112 §3) and RFC 6455 §4.2.1. */
final class RequestValidator {

    /** A checked request; {@code upgrade} false means a plain HTTP request, whose offers are then empty. */
    record Checked(HandshakeRequest request, boolean upgrade, List<String> subprotocols,
                   List<ExtensionParams> extensionOffers) {
    }

    private static final String UPGRADE_REQUEST = "The WebSocket upgrade request";

    private RequestValidator() {
    }

    static Checked check(HttpHeadParser.Head head, WsConfig config) {
        HandshakeRequest request = requestLine(head.startLine(), head.headers());
        HttpHeaders h = request.headers();
        int version = version(request.version());
        if (!request.isUpgrade()) {
            // RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host; HTTP/1.0 has at most one.
            int hosts = h.getAll("Host").size();
            if (hosts > 1 || (hosts == 0 && version >= 11)) {
                throw new WsProtocolException(Violation.MISSING_HOST, "The request has " + count(hosts, "Host header")
                        + " but must have exactly one (RFC 9112 section 3.2).");
            }
            if (hosts == 1) {
                checkHost(h.get("Host"));
            }
            return new Checked(request, false, List.of(), List.of());
        }
        // RFC 6455 §4.2.1 item 1: an HTTP/1.1 or higher GET request.
        if (!request.method().equals("GET")) {
            throw new WsProtocolException(Violation.METHOD_NOT_GET, UPGRADE_REQUEST + " uses the method "
                    + request.method() + " but must use GET (RFC 6455 section 4.2.1 item 1).");
        }
        if (version < 11) {
            throw new WsProtocolException(Violation.HTTP_VERSION_TOO_OLD, UPGRADE_REQUEST + " uses "
                    + request.version() + " but needs HTTP/1.1 or later (RFC 6455 section 4.2.1 item 1).");
        }
        // RFC 6455 §4.2.1 item 2: a Host header field.
        List<String> hosts = h.getAll("Host");
        if (hosts.size() != 1) {
            throw new WsProtocolException(Violation.MISSING_HOST, UPGRADE_REQUEST + " has "
                    + count(hosts.size(), "Host header") + " but must have exactly one (RFC 6455 section 4.2.1 item 2).");
        }
        if (hosts.get(0).isEmpty()) {
            throw new WsProtocolException(Violation.MISSING_HOST, UPGRADE_REQUEST
                    + " has an empty Host header (RFC 6455 section 4.2.1 item 2).");
        }
        checkHost(hosts.get(0));
        // RFC 6455 §4.2.1 item 4: a Connection header field that includes the token "Upgrade".
        if (!h.containsToken("Connection", "Upgrade")) {
            throw new WsProtocolException(Violation.CONNECTION_NOT_UPGRADE, UPGRADE_REQUEST
                    + " has no Connection header listing 'Upgrade' (RFC 6455 section 4.2.1 item 4).");
        }
        // After the head come frames: a body would be read as frames (RFC 9110 §9.3.1: a GET body has no meaning).
        String length = h.get("Content-Length");
        if (h.contains("Transfer-Encoding") || (length != null && !length.equals("0"))) {
            throw malformed(UPGRADE_REQUEST + " announces a body with Content-Length or Transfer-Encoding, but the "
                    + "bytes after its head must be WebSocket frames (RFC 6455 section 4.2.1).");
        }
        checkVersion(h);
        checkKey(h);
        checkOrigin(h, config.allowedOrigins());
        List<String> subprotocols = subprotocols(h);
        List<ExtensionParams> offers = ExtensionHeaderParser.parse(h.getAll("Sec-WebSocket-Extensions"));
        return new Checked(request, true, subprotocols, offers);
    }

    /**
     * RFC 9112 §3.2: a server answers 400 to an invalid Host. Checked loosely against RFC 3986 §3.2.2-3.2.3:
     * uri-host [ ":" port ] holds only unreserved, pct-encoded, sub-delims, ':' and the brackets of an IP literal.
     */
    private static void checkHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = isAlpha(c) || (c >= '0' && c <= '9') || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) {
                throw new WsProtocolException(Violation.MISSING_HOST, "The Host header '" + HttpHeadParser.quote(host)
                        + "' is not a valid host and port (RFC 9112 section 3.2).");
            }
        }
    }

    /** RFC 9112 §3: request-line = method SP request-target SP HTTP-version. */
    private static HandshakeRequest requestLine(String line, HttpHeaders headers) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw malformed("The request line '" + HttpHeadParser.quote(line)
                    + "' is not of the form 'METHOD target HTTP/1.1' (RFC 9112 section 3).");
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        int number = version(version);
        if (number < 0) {
            throw malformed("The request line '" + HttpHeadParser.quote(line) + "' does not end in an HTTP version "
                    + "such as HTTP/1.1 (RFC 9112 section 2.3).");
        }
        if (number / 10 != 1) {
            // RFC 9110 §15.6.6 and §2.5: another major version (HTTP/2.0, HTTP/0.9) is not HTTP/1 and gets 505; a
            // higher minor version (HTTP/1.2) is answered as HTTP/1.1.
            throw new WsProtocolException(Violation.HTTP_VERSION_NOT_SUPPORTED, "The request line uses "
                    + HttpHeadParser.quote(version) + " but this server speaks HTTP/1.1 (RFC 9110 section 15.6.6).");
        }
        if (!ExtensionHeaderParser.isToken(method)) {
            throw malformed("The request method '" + HttpHeadParser.quote(method)
                    + "' is not a token (RFC 9112 section 3.1).");
        }
        if (!isTarget(target)) {
            throw malformed("The request target '" + HttpHeadParser.quote(target)
                    + "' is neither an absolute path nor an absolute URI (RFC 9112 section 3.2).");
        }
        if (target.charAt(0) != '/') {
            checkAbsoluteForm(target);
        }
        return new HandshakeRequest(method, target, version, headers);
    }

    /**
     * RFC 9112 §3.2.2: a server must accept the absolute form ({@code http://host/path}); its host is then the one
     * the request is for ({@link HandshakeRequest#host()}, {@link HandshakeRequest#path()}). Only the schemes of
     * HTTP and WebSocket (RFC 6455 §3) with a valid authority, without user information (RFC 9110 §4.2.4), are
     * taken.
     */
    private static void checkAbsoluteForm(String target) {
        int colon = target.indexOf(':');
        String scheme = target.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("http", "https", "ws", "wss").contains(scheme) || !target.startsWith("//", colon + 1)) {
            throw malformed("The request target '" + HttpHeadParser.quote(target) + "' is an absolute URI but not "
                    + "an http, https, ws or wss one with an authority (RFC 9112 section 3.2.2).");
        }
        String authority = new HandshakeRequest("GET", target, "HTTP/1.1", HttpHeaders.EMPTY).host();
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            throw new WsProtocolException(Violation.MISSING_HOST, "The request target '"
                    + HttpHeadParser.quote(target) + "' has " + (authority.isEmpty() ? "no host" : "user information")
                    + " in its authority (RFC 9112 section 3.2.2, RFC 9110 section 4.2.4).");
        }
        checkHost(authority);
    }

    /** Origin-form ("/path?query") or absolute-form ("scheme:..."), visible ASCII only (RFC 9112 §3.2.1-2). */
    private static boolean isTarget(String t) {
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        if (t.charAt(0) == '/') {
            return true;
        }
        int colon = t.indexOf(':');
        if (colon <= 0 || !isAlpha(t.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) { // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
            char c = t.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** "HTTP/x.y" as 10 * x + y, or -1 when not of that form (RFC 9112 §2.3). */
    static int version(String v) {
        if (v.length() != 8 || !v.startsWith("HTTP/") || v.charAt(6) != '.') {
            return -1;
        }
        char major = v.charAt(5);
        char minor = v.charAt(7);
        if (major < '0' || major > '9' || minor < '0' || minor > '9') {
            return -1;
        }
        return (major - '0') * 10 + (minor - '0');
    }

    /** RFC 6455 §4.2.1 item 6 and §4.4: version 13, else 426 naming the versions spoken. */
    private static void checkVersion(HttpHeaders h) {
        List<String> versions = h.getAll("Sec-WebSocket-Version");
        if (versions.isEmpty()) {
            if (h.contains("Sec-WebSocket-Key1") || h.contains("Sec-WebSocket-Key2")) {
                throw new WsProtocolException(Violation.UNSUPPORTED_VERSION, "The request uses the obsolete hixie-76 "
                        + "handshake (Sec-WebSocket-Key1/Key2 without Sec-WebSocket-Version); this server speaks only "
                        + "version 13 (RFC 6455 section 4.4).");
            }
            throw new WsProtocolException(Violation.UNSUPPORTED_VERSION, UPGRADE_REQUEST + " has no "
                    + "Sec-WebSocket-Version header; this server speaks only version 13 (RFC 6455 section 4.4).");
        }
        if (versions.size() > 1) {
            throw new WsProtocolException(Violation.UNSUPPORTED_VERSION, UPGRADE_REQUEST + " has "
                    + versions.size() + " Sec-WebSocket-Version headers but must have exactly one; this server speaks "
                    + "only version 13 (RFC 6455 section 4.4).");
        }
        if (!versions.get(0).equals("13")) {
            throw new WsProtocolException(Violation.UNSUPPORTED_VERSION, UPGRADE_REQUEST + " asks for version '"
                    + HttpHeadParser.quote(versions.get(0)) + "' but this server speaks only version 13 "
                    + "(RFC 6455 section 4.4).");
        }
    }

    /** RFC 6455 §4.2.1 item 5: one Sec-WebSocket-Key, the base64 of 16 bytes. */
    private static void checkKey(HttpHeaders h) {
        List<String> keys = h.getAll("Sec-WebSocket-Key");
        if (keys.size() != 1) {
            throw new WsProtocolException(Violation.BAD_KEY, UPGRADE_REQUEST + " has "
                    + count(keys.size(), "Sec-WebSocket-Key header")
                    + " but must have exactly one (RFC 6455 section 4.2.1 item 5).");
        }
        if (!AcceptKey.isValidKey(keys.get(0))) {
            throw new WsProtocolException(Violation.BAD_KEY, "The Sec-WebSocket-Key '" + HttpHeadParser.quote(keys.get(0))
                    + "' is not the base64 encoding of exactly 16 bytes (RFC 6455 section 4.2.1 item 5).");
        }
    }

    /** RFC 6455 §4.2.2 item 4 and §10.2: only listed origins when a list is configured. */
    private static void checkOrigin(HttpHeaders h, Set<String> allowed) {
        if (allowed.isEmpty()) {
            return;
        }
        List<String> origins = h.getAll("Origin");
        if (origins.size() != 1) {
            throw new WsProtocolException(Violation.ORIGIN_NOT_ALLOWED, UPGRADE_REQUEST + " has "
                    + count(origins.size(), "Origin header")
                    + " but this server accepts exactly one listed origin (RFC 6455 section 10.2).");
        }
        String origin = origins.get(0);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(origin)) {
                return;
            }
        }
        throw new WsProtocolException(Violation.ORIGIN_NOT_ALLOWED, "The origin '" + HttpHeadParser.quote(origin)
                + "' is not allowed to open a WebSocket on this server (RFC 6455 section 10.2).");
    }

    /** RFC 6455 §4.1 item 10: Sec-WebSocket-Protocol is a list of tokens. */
    private static List<String> subprotocols(HttpHeaders h) {
        List<String> out = new ArrayList<>(2);
        for (String value : h.getAll("Sec-WebSocket-Protocol")) {
            int found = 0;
            for (String part : value.split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue; // RFC 9110 §5.6.1: empty list elements are ignored
                }
                if (!ExtensionHeaderParser.isToken(p)) {
                    throw new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER, "The Sec-WebSocket-Protocol header '"
                            + HttpHeadParser.quote(value) + "' is malformed: '" + HttpHeadParser.quote(p)
                            + "' is not a token (RFC 6455 section 4.1).");
                }
                out.add(p);
                found++;
            }
            if (found == 0) {
                throw new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER, "The Sec-WebSocket-Protocol header '"
                        + HttpHeadParser.quote(value) + "' names no subprotocol (RFC 6455 section 4.1).");
            }
        }
        return List.copyOf(out);
    }

    private static String count(int n, String what) {
        return n == 0 ? "no " + what : n + " " + what + "s";
    }

    private static WsProtocolException malformed(String message) {
        return new WsProtocolException(Violation.MALFORMED_REQUEST, message);
    }
}
