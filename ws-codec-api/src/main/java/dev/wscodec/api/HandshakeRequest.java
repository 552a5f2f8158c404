package dev.wscodec.api;

import java.util.List;
import java.util.Objects;

/**
 * An HTTP request head: the opening handshake of a WebSocket (RFC 6455 §4.1), or a plain HTTP request that
 * reached a WebSocket server.
 *
 * @param method  the request method, e.g. {@code GET}
 * @param target  the request target as sent, e.g. {@code /chat?room=1}, or in absolute form (RFC 9112 §3.2.2)
 *                {@code http://example.com/chat?room=1}
 * @param version the HTTP version, e.g. {@code HTTP/1.1}
 * @param headers the header fields in order
 */
public record HandshakeRequest(String method, String target, String version, HttpHeaders headers) {

    public HandshakeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        // Kept for the life of a connection: share the usual values instead of holding a parsed copy of each.
        method = method.equals("GET") ? "GET" : method;
        target = target.equals("/") ? "/" : target;
        version = version.equals("HTTP/1.1") ? "HTTP/1.1" : version;
    }

    /**
     * The path of the target, without the query: {@code /chat} for {@code /chat?room=1} and for the absolute form
     * {@code http://example.com/chat?room=1}; {@code /} for {@code http://example.com}.
     */
    public String path() {
        String t = originForm();
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** The query of the target without the {@code ?}, or {@code null} if there is none. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /**
     * The host the request is for: the authority of an absolute-form target ({@code example.com:8080} for
     * {@code http://example.com:8080/chat}), which RFC 9112 §3.2.2 says wins over the {@code Host} header;
     * otherwise the {@code Host} header, or {@code null}.
     */
    public String host() {
        int start = authorityStart();
        return start < 0 ? headers.get("Host") : target.substring(start, authorityEnd(start));
    }

    /** The target with the scheme and authority of an absolute form taken off ("/" when no path is left). */
    private String originForm() {
        int start = authorityStart();
        if (start < 0) {
            return target;
        }
        String rest = target.substring(authorityEnd(start));
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }

    /** Where the authority of an absolute-form target ({@code scheme://authority...}) starts, or -1. */
    private int authorityStart() {
        if (target.isEmpty() || target.charAt(0) == '/') {
            return -1;
        }
        int colon = target.indexOf(':');
        return colon > 0 && target.startsWith("//", colon + 1) ? colon + 3 : -1;
    }

    private int authorityEnd(int start) {
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    /** The {@code Origin} header, or {@code null}. */
    public String origin() {
        return headers.get("Origin");
    }

    /** The subprotocols offered in {@code Sec-WebSocket-Protocol}, in the client's order of preference. */
    public List<String> subprotocols() {
        return headers.tokens("Sec-WebSocket-Protocol");
    }

    /** Whether this request asks for a WebSocket upgrade at all ({@code Upgrade: websocket}). */
    public boolean isUpgrade() {
        return headers.containsToken("Upgrade", "websocket");
    }
}
