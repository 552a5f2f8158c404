package dev.wscodec.vertx;

import io.reactivex.rxjava3.core.Completable;

/**
 * Serves one accepted WebSocket connection. The connection lives until the returned {@link Completable} completes
 * (then it is closed with 1000 if still open) or fails (then it is closed with 1011). Called on the connection's
 * event loop; it must not block. An echo endpoint is {@code session -> session.send(session.receive())}.
 */
@FunctionalInterface
public interface WsHandler {

    Completable handle(WsSession session);
}
