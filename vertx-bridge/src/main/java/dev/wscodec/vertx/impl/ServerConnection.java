package dev.wscodec.vertx.impl;

import dev.wscodec.api.Accept;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
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
    private final WsAcceptHook acceptHook;
    private final WsHandler handler;
    private final Runnable onEnd;
    private WsEvent pendingRequest;

    public ServerConnection(Vertx vertx, NetSocket socket, Settings settings, WsPlainHttpHandler plainHttpHandler,
                            WsAcceptHook acceptHook, WsHandler handler, Runnable onEnd) {
        super(vertx, socket, settings, settings.provider().newServerEngine(settings.config(), socket.isSsl()));
        this.plainHttpHandler = plainHttpHandler;
        this.acceptHook = acceptHook;
        this.handler = handler;
        this.onEnd = onEnd;
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
            pendingRequest = event;
            state = State.DECIDING;
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
            decide(() -> acceptHook.decide(request), this::onDecision, true);
        } else if (event instanceof WsEvent.PlainHttpRequest p) {
            WsRequest request = new WsRequest(p.request(), link.remoteAddress(), link.localAddress(),
                    link.isSsl());
            decide(() -> plainHttpHandler.handle(request), response -> reject(response, false), false);
        }
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
            if (state == State.DECIDING) {
                then.accept(value);
            }
        }), error -> run(() -> {
            if (state == State.DECIDING) {
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
            response = engine.accept(accept);
        } catch (WsUsageException e) {
            LOG.warn("The accept hook's answer for {} cannot be used: {} Answering 500.", link.remoteAddress(),
                    e.getMessage());
            reject(HttpResponse.of(500), true);
            return;
        }
        settings.metrics().handshake(101);
        link.write(response);
        opened();
        SessionImpl session = new SessionImpl(this, engine.handshake());
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
            if (error == failure || error instanceof WsClosedException) {
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
            bytes = engine.reject(response);
        } catch (WsUsageException e) {
            // The application's response cannot be sent as given (a body on a 204, say): the engine still waits.
            LOG.warn("The application's response for {} cannot be sent: {} Answering 500.", link.remoteAddress(),
                    e.getMessage());
            response = HttpResponse.of(500);
            bytes = engine.reject(response);
        }
        if (upgrade) {
            settings.metrics().handshake(response.status());
        } else {
            settings.metrics().httpRequest(response.status());
        }
        link.write(bytes);
        state = State.CLOSING;
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
