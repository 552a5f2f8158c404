package dev.wscodec.vertx.impl.connection;


import dev.wscodec.api.Accept;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.vertx.WsAcceptHook;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.WsDecision;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsPlainHttpHandler;
import dev.wscodec.vertx.WsRequest;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;

/**
 * The server side: reads the opening handshake, asks the accept hook (or the plain HTTP handler), answers, then
 * runs the application's handler on the open session. Reacts to the server's graceful shutdown with 1001.
 */
public final class ServerConnection extends Connection {

    private static final Buffer SERVICE_UNAVAILABLE = Buffer.buffer(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private final WsPlainHttpHandler plainHttpHandler;
    private final Endpoints endpoints;
    private final Runnable onEnd;
    private WsEvent pendingRequest;
    /** The endpoint serving the request, once its path is known. */
    private Endpoint endpoint;
    /**
     * The bytes read during the handshake, while an endpoint may want them decoded again with its own codec
     * configuration; {@code null} when no endpoint has one. Bounded by the head size limit plus one read.
     */
    private ByteBuffer headBytes;

    public ServerConnection(Vertx vertx, NetSocket socket, Settings settings, WsPlainHttpHandler plainHttpHandler,
                            Endpoints endpoints, Runnable onEnd) {
        super(vertx, socket, settings, settings.provider().newServerEngine(settings.config(), socket.isSsl()));
        this.plainHttpHandler = plainHttpHandler;
        this.endpoints = endpoints;
        this.onEnd = onEnd;
        this.headBytes = endpoints.configures() ? ByteBuffer.allocate(0) : null;
    }

    /**
     * A connection whose handshake was answered elsewhere (a Vert.x {@code HttpServer} wrote the 101 of
     * {@code engine}, which accepted the request): {@link #startOpen()} serves it with {@code handler}.
     */
    public ServerConnection(Vertx vertx, NetSocket socket, Settings settings, WsEngine engine, WsHandler handler,
                            Runnable onEnd) {
        super(vertx, socket, settings, engine);
        this.plainHttpHandler = WsPlainHttpHandler.UPGRADE_REQUIRED;
        this.endpoints = Endpoints.single(new Endpoint(null, WsAcceptHook.ACCEPT_ALL, handler));
        this.onEnd = onEnd;
        this.endpoint = endpoints.find("/");
    }

    /** Serves the session of a connection made with an accepted engine; call on the socket's context. */
    public void startOpen() {
        serve(endpoint.handler());
    }

    @Override
    public void onRead(ByteBuffer in) {
        if (headBytes != null && life.state() == Lifecycle.State.HANDSHAKE) {
            ByteBuffer all = ByteBuffer.allocate(headBytes.remaining() + in.remaining());
            all.put(headBytes).put(in.duplicate()).flip();
            headBytes = all;
        }
        super.onRead(in);
    }

    /** Answers a connection beyond the limit with 503 and closes it. */
    public static void refuse(NetSocket socket) {
        socket.write(SERVICE_UNAVAILABLE).onComplete(ar -> socket.close());
    }

    /** Starts reading the opening handshake (public for {@link dev.wscodec.vertx.WsServer}). */
    @Override
    public void start() {
        super.start();
    }

    @Override
    void onHandshakeEvent(WsEvent event) {
        if (event instanceof WsEvent.UpgradeRequest || event instanceof WsEvent.PlainHttpRequest) {
            pendingRequest = event; // the engine awaits the decision: the connection is DECIDING
        }
    }

    @Override
    void afterReceive() {
        WsEvent event = pendingRequest;
        if (event == null) {
            return;
        }
        pendingRequest = null;
        if (event instanceof WsEvent.UpgradeRequest u) {
            WsRequest request = new WsRequest(u.request(), link.remoteAddress(), link.localAddress(),
                    link.isSsl());
            Endpoint e = endpoints.find(request.path());
            if (e.config() != null && headBytes != null) {
                decodeAgain(e.config());
                return;
            }
            headBytes = null; // the head is decoded for good: not kept for the connection's life
            endpoint = e;
            decide(() -> e.hook().decide(request), this::onDecision, true);
        } else if (event instanceof WsEvent.PlainHttpRequest p) {
            headBytes = null;
            WsRequest request = new WsRequest(p.request(), link.remoteAddress(), link.localAddress(),
                    link.isSsl());
            decide(() -> plainHttpHandler.handle(request), response -> reject(response, false), false);
        }
    }

    /**
     * The path's endpoint has its own codec configuration: a new engine with it decodes the bytes read so far again
     * (the head and whatever followed it), and reports the request once more, or refuses it (an origin the endpoint
     * does not allow, say).
     */
    private void decodeAgain(dev.wscodec.api.WsConfig config) {
        ByteBuffer bytes = headBytes;
        headBytes = null;
        engine().release();
        life.replaceEngine(settings.provider().newServerEngine(config, link.isSsl()));
        if (config.streaming() != streams) {
            useIncoming(config.streaming()); // nothing was subscribed before the handshake
        }
        decode(bytes, true);
    }

    private <T> void decide(java.util.function.Supplier<Single<T>> hook, java.util.function.Consumer<T> then,
                            boolean upgrade) {
        Single<T> single;
        try {
            single = hook.get();
            if (single == null) {
                single = Single.error(new NullPointerException("The hook returned null instead of a Single."));
            }
        } catch (RuntimeException e) {
            single = Single.error(e);
        }
        single.subscribe(value -> run(() -> {
            if (life.state() == Lifecycle.State.DECIDING) {
                then.accept(value);
            }
        }), error -> run(() -> {
            if (life.state() == Lifecycle.State.DECIDING) {
                LOG.warn("The application's hook failed for the request from {}; answering 500.",
                        link.remoteAddress(), error);
                reject(HttpResponse.of(500), upgrade);
            }
        }));
    }

    private void onDecision(WsDecision decision) {
        if (decision instanceof WsDecision.Rejected r) {
            reject(r.response(), true);
            return;
        }
        Accept accept = ((WsDecision.Accepted) decision).accept();
        ByteBuffer response;
        try {
            response = engine().accept(accept);
        } catch (WsUsageException e) {
            LOG.warn("The accept hook's answer for {} cannot be used: {} Answering 500.", link.remoteAddress(),
                    e.getMessage());
            reject(HttpResponse.of(500), true);
            return;
        }
        link.write(response);
        serve(endpoint.handler());
    }

    /** The handshake was answered with 101: open the session and run {@code handler} on it. */
    private void serve(WsHandler handler) {
        settings.metrics().handshake(101);
        opened();
        dev.wscodec.vertx.WsSession session = settings.application().session(port, engine().handshake());
        Completable work;
        try {
            work = handler.handle(session);
            if (work == null) {
                work = Completable.error(
                        new NullPointerException("The handler returned null instead of a Completable."));
            }
        } catch (RuntimeException e) {
            work = Completable.error(e);
        }
        work.subscribe(() -> run(() -> startClose(CloseStatus.NORMAL)), error -> run(() -> {
            if (error == life.failure() || error instanceof WsClosedException) {
                LOG.debug("The handler for {} ended with the connection: {}", link.remoteAddress(), error.toString());
            } else {
                LOG.warn("The handler for {} failed; closing with 1011.", link.remoteAddress(), error);
            }
            startClose(CloseStatus.of(CloseStatus.INTERNAL_ERROR, "Internal error."));
        }));
        if (!inbound.wasSubscribed()) {
            // A handler that only sends: read anyway (dropping messages) so that pongs and the close are seen.
            inbound.discardIfUnsubscribed();
        }
        // Frames that came with the handshake were kept by the engine: decode them now.
        decodeKept();
    }

    private void reject(HttpResponse response, boolean upgrade) {
        ByteBuffer bytes;
        try {
            bytes = engine().reject(response);
        } catch (WsUsageException e) {
            // The application's response cannot be sent as given (a body on a 204, say): the engine still waits.
            LOG.warn("The application's response for {} cannot be sent: {} Answering 500.", link.remoteAddress(),
                    e.getMessage());
            response = HttpResponse.of(500);
            bytes = engine().reject(response);
        }
        if (upgrade) {
            settings.metrics().handshake(response.status());
        } else {
            settings.metrics().httpRequest(response.status());
        }
        link.write(bytes); // the engine is closed: the connection is CLOSING
        closeAfterWrites();
    }

    @Override
    void onHandshakeFailed(Throwable cause) {
        if (cause instanceof dev.wscodec.api.WsProtocolException) {
            return; // already logged with the remote address
        }
        LOG.debug("The handshake with {} failed: {}", link.remoteAddress(), cause.getMessage());
    }

    @Override
    void onTerminated() {
        onEnd.run();
    }
}
