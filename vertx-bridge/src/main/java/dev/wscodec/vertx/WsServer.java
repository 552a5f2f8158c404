package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.connection.Endpoint;
import dev.wscodec.vertx.impl.connection.Endpoints;
import dev.wscodec.vertx.impl.connection.ServerConnection;
import dev.wscodec.vertx.impl.connection.Settings;
import dev.wscodec.vertx.impl.rx.RxApplication;

import dev.wscodec.api.spi.ProviderSelection;
import dev.wscodec.api.spi.WsCodecProvider;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server on a Vert.x {@link NetServer}, usable on its own or through {@link WsServerVerticle}. Each
 * connection runs on the event loop that accepted it; create the server inside a verticle to bind it to that
 * verticle's event loop.
 */
public final class WsServer {

    private static final Logger LOG = LoggerFactory.getLogger(WsServer.class);

    private final Vertx vertx;
    private final WsServerOptions options;
    private final Endpoints endpoints;
    private final AtomicInteger connections = new AtomicInteger();
    private NetServer netServer;
    private Settings settings;

    private WsServer(Vertx vertx, WsServerOptions options, WsRouter router) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = new WsServerOptions(Objects.requireNonNull(options, "options"));
        this.endpoints = router.endpoints(this.options.getCodecConfig());
    }

    private WsServer(Vertx vertx, WsServerOptions options, WsAcceptHook acceptHook, WsHandler handler) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = new WsServerOptions(Objects.requireNonNull(options, "options"));
        this.endpoints = Endpoints.single(new Endpoint(null, Objects.requireNonNull(acceptHook, "acceptHook"),
                Objects.requireNonNull(handler, "handler")));
    }

    /** A server that accepts every valid upgrade and serves it with {@code handler}. */
    public static WsServer create(Vertx vertx, WsServerOptions options, WsHandler handler) {
        return new WsServer(vertx, options, WsAcceptHook.ACCEPT_ALL, handler);
    }

    /**
     * A server that serves each upgrade with the route of its path (see {@link WsRouter}; a snapshot of its routes
     * is taken now) and answers upgrades for other paths {@code 404 Not Found}.
     */
    public static WsServer create(Vertx vertx, WsServerOptions options, WsRouter router) {
        return new WsServer(vertx, options, Objects.requireNonNull(router, "router"));
    }

    /**
     * A server that asks {@code acceptHook} about every valid upgrade and serves accepted ones with
     * {@code handler}.
     */
    public static WsServer create(Vertx vertx, WsServerOptions options, WsAcceptHook acceptHook, WsHandler handler) {
        return new WsServer(vertx, options, acceptHook, handler);
    }

    /**
     * Looks up the codec provider and starts listening on the configured host and port. Fails if the provider is
     * missing or the port cannot be bound.
     */
    public synchronized Future<WsServer> listen() {
        if (netServer != null) {
            return Future.failedFuture(new IllegalStateException("The server is already listening."));
        }
        WsCodecProvider provider;
        try {
            provider = WsCodecProvider.lookup(options.getProviderName());
            if (!options.getOtherProviders().isEmpty()) {
                List<WsCodecProvider> all = new ArrayList<>();
                all.add(provider);
                for (String name : options.getOtherProviders()) {
                    all.add(WsCodecProvider.lookup(name));
                }
                provider = ProviderSelection.provider(all); // each connection goes to the provider claiming it
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        settings = Settings.of(options, provider, RxApplication.INSTANCE);
        NetServerOptions nso = new NetServerOptions(options.getNetServerOptions())
                .setHost(options.getHost()).setPort(options.getPort());
        NetServer server = vertx.createNetServer(nso);
        netServer = server;
        server.connectHandler(this::onConnect);
        return server.listen().transform(ar -> {
            if (ar.failed()) {
                synchronized (this) {
                    netServer = null; // a later listen() may try again
                }
                return Future.failedFuture(ar.cause());
            }
            LOG.debug("WebSocket server listening on {}:{}", options.getHost(), ar.result().actualPort());
            return Future.succeededFuture(this);
        });
    }

    /**
     * {@link #listen()} as a cold {@link Single}: starts listening on subscription and succeeds with this server
     * (see {@link #actualPort()}).
     */
    public Single<WsServer> rxListen() {
        return Rx.single(this::listen);
    }

    private void onConnect(NetSocket socket) {
        int n = connections.incrementAndGet();
        if (n > options.getMaxConnections()) {
            connections.decrementAndGet();
            LOG.warn("Refused a connection from {}: {} connections are open, the limit.", socket.remoteAddress(),
                    options.getMaxConnections());
            options.getMetrics().limitExceeded(WsMetrics.Limit.CONNECTIONS);
            options.getMetrics().handshake(503);
            ServerConnection.refuse(socket);
            return;
        }
        new ServerConnection(vertx, socket, settings, options.getPlainHttpHandler(), endpoints,
                connections::decrementAndGet).start();
    }

    /** The port the server listens on (the chosen one when the configured port was 0), or -1 before listening. */
    public synchronized int actualPort() {
        return netServer == null ? -1 : netServer.actualPort();
    }

    /** The connections open now, handshaking ones included. */
    public int connectionCount() {
        return connections.get();
    }

    /** The options in use (a copy of the ones given). */
    public WsServerOptions options() {
        return options;
    }

    /**
     * Stops accepting connections, closes every session with 1001 ("going away") and waits for them to end, at
     * most {@link WsServerOptions#getCloseTimeout()}; then closes what is left.
     */
    public synchronized Future<Void> close() {
        NetServer server = netServer;
        if (server == null) {
            return Future.succeededFuture();
        }
        return server.shutdown(options.getCloseTimeout());
    }

    /** {@link #close()} as a cold {@link Completable}: closes on subscription. */
    public Completable rxClose() {
        return Rx.completable(this::close);
    }
}
