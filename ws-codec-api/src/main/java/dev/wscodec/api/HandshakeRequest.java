package dev.wscodec.api;

import java.util.List;
import java.util.Objects;

/**
 * An HTTP request head: the opening handshake of a WebSocket (RFC 6455 §4.1), or a plain HTTP request that
 * reached a WebSocket server.
 *
 * @param method  the request method, e.g. {@code GET}
 * @param target  the request target as sent, e.g. {@code /chat?room=1}
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

    /** The path of the target, without the query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query of the target without the {@code ?}, or {@code null} if there is none. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** The {@code Host} header, or {@code null}. */
    public String host() {
        return headers.get("Host");
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
