package dev.wscodec.api;

import java.util.List;
import java.util.Objects;

/**
 * What a client engine puts into its opening handshake (RFC 6455 §4.1).
 *
 * @param host         the {@code Host} header value, e.g. {@code example.com:8080}
 * @param target       the request target: path and query, e.g. {@code /chat?room=1}
 * @param subprotocols the subprotocols to offer, most preferred first (may be empty)
 * @param headers      extra header fields, e.g. {@code Origin} or {@code Authorization}
 */
public record ClientHandshake(String host, String target, List<String> subprotocols, HttpHeaders headers) {

    public ClientHandshake {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("The request target must start with '/' but was '" + target + "'.");
        }
        subprotocols = List.copyOf(subprotocols);
        for (String p : subprotocols) {
            if (p.isEmpty() || !p.chars().allMatch(c -> HttpHeaders.isTokenChar((char) c))) {
                throw new IllegalArgumentException("The subprotocol '" + p + "' is not a valid token (RFC 6455 section 4.1).");
            }
        }
        Objects.requireNonNull(headers, "headers");
    }

    public static ClientHandshake of(String host, String target) {
        return new ClientHandshake(host, target, List.of(), HttpHeaders.EMPTY);
    }
}
