package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.connection.Endpoint;
import dev.wscodec.vertx.impl.connection.Endpoints;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Single;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The WebSocket endpoints of one server by request path, each with its handler and {@link WsRouteOptions} (accept
 * hook, subprotocols, codec limits). Give it to {@link WsServer#create(io.vertx.core.Vertx, WsServerOptions, WsRouter)}
 * or {@link WsServerVerticle#WsServerVerticle(WsServerOptions, WsRouter)}; the server takes a snapshot, so later
 * changes do not reach a server already created. An upgrade request for a path with no route is answered
 * {@code 404 Not Found} with a text body naming the path; requests that are not upgrades still go to the
 * {@link WsServerOptions#getPlainHttpHandler() plain HTTP handler}.
 *
 * <pre>{@code
 * WsRouter router = WsRouter.router()
 *     .route("/echo", session -> session.send(session.receive()))
 *     .route("/chat", new WsRouteOptions().setSubprotocols("chat.v1").setAcceptHook(auth), chat::join);
 * vertx.deployVerticle(() -> new WsServerVerticle(new WsServerOptions().setPort(8080), router),
 *     new DeploymentOptions().setInstances(4));
 * }</pre>
 *
 * <p>A path is matched against the request target's path, without the query, exactly ({@code "/echo"}), or, for a
 * path ending in {@code "/*"}, as a prefix: {@code "/rooms/*"} serves {@code /rooms} and every path below it. An
 * exact route wins over a prefix, a longer prefix over a shorter one. Not thread-safe while routes are added.
 */
public final class WsRouter {

    private final Map<String, Route> routes = new LinkedHashMap<>();

    private record Route(String path, WsRouteOptions options, WsHandler handler) {
    }

    private WsRouter() {
    }

    /** An empty router: every upgrade is answered 404 until routes are added. */
    public static WsRouter router() {
        return new WsRouter();
    }

    /** Serves {@code path} with {@code handler}, the route's settings being the server's. */
    public WsRouter route(String path, WsHandler handler) {
        return route(path, new WsRouteOptions(), handler);
    }

    /**
     * Serves {@code path} with {@code handler} and the route's own settings.
     *
     * @throws IllegalArgumentException if the path does not start with {@code /} or already has a route
     */
    public WsRouter route(String path, WsRouteOptions options, WsHandler handler) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A route's path starts with '/' but was '" + path + "'.");
        }
        if (path.indexOf('*') >= 0 && (!path.endsWith("/*") || path.indexOf('*') != path.length() - 1)) {
            throw new IllegalArgumentException("A route's path may only end in '/*' (a prefix) but was '" + path
                    + "'.");
        }
        if (routes.containsKey(path)) {
            throw new IllegalArgumentException("The path '" + path + "' already has a route.");
        }
        routes.put(path, new Route(path, new WsRouteOptions(options), handler));
        return this;
    }

    /** The paths that have routes, in the order they were added. */
    public List<String> paths() {
        return List.copyOf(routes.keySet());
    }

    /** The 404 answer to an upgrade for a path without a route. */
    static HttpResponse notFound(String path) {
        return HttpResponse.of(404, HttpHeaders.EMPTY, "text/plain; charset=utf-8",
                "No WebSocket endpoint is at " + path + ".\n");
    }

    /** A snapshot of the routes, with each route's codec configuration resolved against the server's. */
    Endpoints endpoints(WsConfig serverConfig) {
        Map<String, Endpoint> exact = new LinkedHashMap<>();
        List<Map.Entry<String, Endpoint>> prefixes = new ArrayList<>();
        boolean configures = false;
        for (Route r : routes.values()) {
            WsConfig config = r.options().effectiveConfig(serverConfig);
            configures |= config != null;
            Endpoint e = new Endpoint(config, r.options().getAcceptHook(), r.handler());
            if (r.path().endsWith("/*")) {
                prefixes.add(Map.entry(r.path().substring(0, r.path().length() - 2), e));
            } else {
                exact.put(r.path(), e);
            }
        }
        prefixes.sort(Comparator.comparingInt((Map.Entry<String, Endpoint> p) -> p.getKey().length()).reversed());
        Endpoint missing = new Endpoint(null,
                request -> Single.just(WsDecision.reject(notFound(request.path()))), s -> null);
        boolean anyConfig = configures;
        return new Endpoints() {
            @Override
            public Endpoint find(String path) {
                Endpoint e = exact.get(path);
                if (e != null) {
                    return e;
                }
                for (Map.Entry<String, Endpoint> p : prefixes) {
                    String prefix = p.getKey();
                    if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                        return p.getValue();
                    }
                }
                return missing;
            }

            @Override
            public boolean configures() {
                return anyConfig;
            }
        };
    }
}
