package dev.wscodec.vertx;

import io.reactivex.rxjava3.core.Single;

/**
 * Decides, possibly asynchronously, whether a valid upgrade request is accepted: for authentication and routing by
 * path. Called on the connection's event loop; it must not block. The decision must arrive within
 * {@link WsServerOptions#getHandshakeTimeout()}, else the connection is closed. An error from the hook answers
 * {@code 500 Internal Server Error}.
 */
@FunctionalInterface
public interface WsAcceptHook {

    /** Accepts every request, letting the engine choose the subprotocol. */
    WsAcceptHook ACCEPT_ALL = request -> Single.just(WsDecision.accept());

    Single<WsDecision> decide(WsRequest request);
}
