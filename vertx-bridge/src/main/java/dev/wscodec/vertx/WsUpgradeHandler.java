package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.connection.Endpoint;
import dev.wscodec.vertx.impl.connection.Endpoints;
import dev.wscodec.vertx.impl.connection.HttpUpgrade;
import dev.wscodec.vertx.impl.connection.Settings;
import dev.wscodec.vertx.impl.rx.RxApplication;

import dev.wscodec.api.spi.WsCodecProvider;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;

/**
 * WebSockets on a Vert.x {@link HttpServer} the application already runs: a request handler for upgrade requests,
 * to mount on a path (for a vertx-web {@code Router}: {@code router.route("/ws").handler(ctx ->
 * upgrades.handle(ctx.request()))}). The codec validates the request head and negotiates the subprotocol and
 * permessage-deflate; the accept hook (or the route's, with a {@link WsRouter}) decides; a refusal is answered
 * through the request's response with the codec's status, headers and body (400 for a bad upgrade, 426 for a request
 * that is no upgrade, 404 for a path without a route); an accepted upgrade gets the codec's {@code 101} (written by
 * Vert.x's {@link HttpServerRequest#toNetSocket()} with the codec's headers), and the socket then runs the same
 * {@link WsSession}s as a {@link WsServer}'s, with the same timeouts, limits and metrics.
 *
 * <p>Of the {@link WsServerOptions}, the host, port, {@code NetServerOptions} (the {@code HttpServer} has its own),
 * plain HTTP handler and other providers are not used; {@link WsServerOptions#getMaxConnections()} counts the
 * WebSocket connections of this handler (beyond it: 503). The {@code HttpServer} must be HTTP/1.1 (an upgrade
 * does not exist in HTTP/2). Call {@link #handle} on the request's context, as Vert.x does.
 *
 * <pre>{@code
 * WsUpgradeHandler upgrades = WsUpgradeHandler.create(vertx, new WsServerOptions(),
 *         session -> session.send(session.receive()));
 * vertx.createHttpServer().requestHandler(req -> {
 *     if (req.path().equals("/ws")) upgrades.handle(req);
 *     else req.response().end("hello");
 * }).listen(8080);
 * }</pre>
 */
public final class WsUpgradeHandler implements Handler<HttpServerRequest> {

    private final HttpUpgrade upgrade;

    private WsUpgradeHandler(Vertx vertx, WsServerOptions options, Endpoints endpoints) {
        Objects.requireNonNull(vertx, "vertx");
        Settings settings = Settings.of(options, WsCodecProvider.lookup(options.getProviderName()),
                RxApplication.INSTANCE);
        this.upgrade = new HttpUpgrade(vertx, settings, endpoints, options.getMaxConnections());
    }

    /** Accepts every valid upgrade and serves it with {@code handler}. */
    public static WsUpgradeHandler create(Vertx vertx, WsServerOptions options, WsHandler handler) {
        return create(vertx, options, WsAcceptHook.ACCEPT_ALL, handler);
    }

    /**
     * Asks {@code acceptHook} about every valid upgrade and serves accepted ones with {@code handler}.
     *
     * @throws IllegalStateException if the codec provider named in the options is not found
     */
    public static WsUpgradeHandler create(Vertx vertx, WsServerOptions options, WsAcceptHook acceptHook,
                                          WsHandler handler) {
        WsServerOptions copy = new WsServerOptions(Objects.requireNonNull(options, "options"));
        return new WsUpgradeHandler(vertx, copy, Endpoints.single(new Endpoint(null,
                Objects.requireNonNull(acceptHook, "acceptHook"), Objects.requireNonNull(handler, "handler"))));
    }

    /**
     * Serves each upgrade with the route of its request path (the full path, so mount the handler where the routes'
     * paths point) and answers other paths 404; a snapshot of the routes is taken now.
     */
    public static WsUpgradeHandler create(Vertx vertx, WsServerOptions options, WsRouter router) {
        WsServerOptions copy = new WsServerOptions(Objects.requireNonNull(options, "options"));
        return new WsUpgradeHandler(vertx, copy, Objects.requireNonNull(router, "router")
                .endpoints(copy.getCodecConfig()));
    }

    /** Answers {@code request}: a WebSocket session, or the codec's refusal. */
    @Override
    public void handle(HttpServerRequest request) {
        upgrade.handle(Objects.requireNonNull(request, "request"));
    }

    /** The WebSocket connections open now that came through this handler. */
    public int connectionCount() {
        return upgrade.connectionCount();
    }
}
