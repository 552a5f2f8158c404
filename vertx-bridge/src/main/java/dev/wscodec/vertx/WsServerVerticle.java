package dev.wscodec.vertx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Objects;

/**
 * A verticle that runs one {@link WsServer}. Deploy it with {@code DeploymentOptions.setInstances(n)} (and a
 * supplier, {@code vertx.deployVerticle(() -> new WsServerVerticle(...), options)}) to spread connections over n
 * event loops on one port. Undeploying it (or closing Vert.x) closes every session with 1001 and waits for them up
 * to the close timeout.
 *
 * <pre>{@code
 * vertx.deployVerticle(() -> new WsServerVerticle(new WsServerOptions().setPort(8080),
 *         session -> session.send(session.receive())),            // echo
 *     new DeploymentOptions().setInstances(4));
 * }</pre>
 */
public class WsServerVerticle extends VerticleBase {

    private final WsServerOptions options;
    private final WsAcceptHook acceptHook;
    private final WsHandler handler;
    private final WsRouter router;
    private volatile WsServer server;

    /** Accepts every valid upgrade and serves it with {@code handler}. */
    public WsServerVerticle(WsServerOptions options, WsHandler handler) {
        this(options, WsAcceptHook.ACCEPT_ALL, handler);
    }

    public WsServerVerticle(WsServerOptions options, WsAcceptHook acceptHook, WsHandler handler) {
        this.options = new WsServerOptions(Objects.requireNonNull(options, "options"));
        this.acceptHook = Objects.requireNonNull(acceptHook, "acceptHook");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.router = null;
    }

    /**
     * Serves each upgrade with the route of its path and answers other paths {@code 404}; see {@link WsRouter}.
     * Every instance of the verticle serves the same routes.
     */
    public WsServerVerticle(WsServerOptions options, WsRouter router) {
        this.options = new WsServerOptions(Objects.requireNonNull(options, "options"));
        this.acceptHook = null;
        this.handler = null;
        this.router = Objects.requireNonNull(router, "router");
    }

    @Override
    public Future<?> start() {
        WsServer s = router != null ? WsServer.create(vertx, options, router)
                : WsServer.create(vertx, options, acceptHook, handler);
        server = s;
        return s.listen();
    }

    @Override
    public Future<?> stop() {
        WsServer s = server;
        return s == null ? Future.succeededFuture() : s.close();
    }

    /** The server, once {@link #start()} ran; {@code null} before. */
    public WsServer server() {
        return server;
    }
}
