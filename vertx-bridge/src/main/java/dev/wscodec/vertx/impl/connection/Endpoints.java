package dev.wscodec.vertx.impl.connection;

/** The endpoints of a server by request path: one for every path, or the routes of a router. */
@FunctionalInterface
public interface Endpoints {

    /** The endpoint serving {@code path} (the request target's path, without the query), or {@code null}. */
    Endpoint find(String path);

    /** One endpoint for every path, with the server's codec configuration. */
    static Endpoints single(Endpoint endpoint) {
        return path -> endpoint;
    }

    /**
     * Whether some endpoint has its own codec configuration, so that the request head must be kept to decode it
     * again with that configuration once the path is known.
     */
    default boolean configures() {
        return false;
    }
}
