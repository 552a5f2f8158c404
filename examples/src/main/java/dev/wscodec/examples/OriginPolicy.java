package dev.wscodec.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open the demo's WebSockets (RFC 6455 §10.2: a server that serves browsers checks the
 * {@code Origin}, or any web site a user visits can open a connection with the user's cookies: cross-site WebSocket
 * hijacking). Allowed: requests without {@code Origin} (non-browser clients; browsers always send one), pages of
 * the server's own origin (an {@code http} or {@code https} origin whose host and port are the {@code Host} the
 * request was sent to) and the origins given with {@code --allow-origin}. Everything else, {@code null} origins of
 * sandboxed pages and files included, is refused.
 */
final class OriginPolicy {

    /** Own origin and no-Origin clients only. */
    static final OriginPolicy SAME_ORIGIN = new OriginPolicy(Set.of());

    private final Set<String> extra;

    private OriginPolicy(Set<String> extra) {
        this.extra = Set.copyOf(extra);
    }

    /**
     * The policy with these origins allowed besides the server's own, e.g. {@code https://app.example.com}.
     *
     * @throws Args.UsageException for a value that is not an origin ({@code scheme://host[:port]}, no path)
     */
    static OriginPolicy allowing(List<String> origins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String o : origins) {
            String n = normalize(o);
            if (n == null) {
                throw new Args.UsageException("The value of --allow-origin must be an origin such as"
                        + " https://example.com or http://localhost:8080 (scheme, host, optional port, no path)"
                        + " but was '" + o + "'.");
            }
            normalized.add(n);
        }
        return new OriginPolicy(normalized);
    }

    /**
     * Whether a request with these {@code Origin} headers (none, one, or several) sent to {@code host} (the host
     * the request is for, {@code Host} header or absolute-form target) may open a WebSocket.
     */
    boolean allows(List<String> originHeaders, String host) {
        if (originHeaders.isEmpty()) {
            return true;
        }
        if (originHeaders.size() > 1) {
            return false;   // RFC 6454 §7.2: one Origin header; several are not a browser's
        }
        String origin = normalize(originHeaders.get(0));
        if (origin == null) {
            return false;   // "null" (sandboxed page, file) or not an origin at all
        }
        if (extra.contains(origin)) {
            return true;
        }
        int sep = origin.indexOf("://");
        String scheme = origin.substring(0, sep);
        return host != null && (scheme.equals("http") || scheme.equals("https"))
                && origin.substring(sep + 3).equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT), scheme));
    }

    /**
     * {@code scheme://host[:port]} in lower case without the scheme's default port (RFC 6454 §6.1, §4), or
     * {@code null} when {@code origin} is not a serialized origin.
     */
    static String normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        boolean noPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (scheme == null || host == null || !noPath || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        String authority = host.toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return scheme + "://" + withoutDefaultPort(authority, scheme);
    }

    private static String withoutDefaultPort(String authority, String scheme) {
        String port = scheme.equals("http") || scheme.equals("ws") ? ":80"
                : scheme.equals("https") || scheme.equals("wss") ? ":443" : null;
        return port != null && authority.endsWith(port) ? authority.substring(0, authority.length() - port.length())
                : authority;
    }
}
