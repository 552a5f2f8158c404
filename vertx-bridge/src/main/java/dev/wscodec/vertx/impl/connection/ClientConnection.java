package dev.wscodec.vertx.impl.connection;


import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.WsHandshakeRejectedException;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

/** The client side: writes the opening handshake and hands out the session once the server accepted it. */
final class ClientConnection extends Connection {

    private final SingleEmitter<WsSession> emitter;
    /**
     * The {@code NetClient} that opened the socket, held so that it stays reachable while the connection lives:
     * Vert.x closes a client nothing refers to, and with it its sockets.
     */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final Object netClient;
    private WsEvent pendingAnswer;
    private boolean settled;

    ClientConnection(Vertx vertx, NetSocket socket, Settings settings, WsEngine engine,
                     SingleEmitter<WsSession> emitter, Object netClient) {
        super(vertx, socket, settings, engine);
        this.emitter = emitter;
        this.netClient = netClient;
    }

    @Override
    void start() {
        super.start();
        link.write(engine().openingHandshake());
        emitter.setCancellable(() -> run(() -> {
            if (!settled) {
                settled = true;
                closeSocket();
            }
        }));
    }

    /**
     * The engine holds after the 101 ({@link dev.wscodec.api.WsConfig#holdAfterHandshake()}, set by
     * {@link ClientConnector}): frames sent right behind it wait until the application subscribes, so that it can
     * answer them before anything a later frame causes (such as a close that fails the connection).
     */
    @Override
    void onHandshakeEvent(WsEvent event) {
        if (event instanceof WsEvent.HandshakeAccepted) {
            pendingAnswer = event;
            engineKeepsInput();
            opened();
        } else if (event instanceof WsEvent.HandshakeRejected) {
            pendingAnswer = event; // the engine closed: the connection is CLOSING
        }
    }

    @Override
    void afterReceive() {
        WsEvent answer = pendingAnswer;
        if (answer == null) {
            return;
        }
        pendingAnswer = null;
        if (answer instanceof WsEvent.HandshakeAccepted accepted) {
            settled = true;
            settings.metrics().handshake(101);
            emitter.onSuccess(settings.application().session(port, accepted));
        } else if (answer instanceof WsEvent.HandshakeRejected rejected) {
            settings.metrics().handshake(rejected.response().status());
            WsHandshakeRejectedException e = new WsHandshakeRejectedException(rejected.response());
            life.failed(e);
            onHandshakeFailed(e);
            closeSocket();
        }
    }

    @Override
    void onHandshakeFailed(Throwable cause) {
        if (!settled) {
            settled = true;
            emitter.tryOnError(cause);
        }
    }

    @Override
    void onTerminated() {
        if (!settled) {
            onHandshakeFailed(life.failure() != null ? life.failure() : closedException(
                    "The connection closed before the opening handshake completed."));
        }
    }
}
