package dev.wscodec.vertx.impl.rx;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.Completable;

/**
 * Runs a {@link WsHandler} on a client session so that the session lives exactly as long as the handler's
 * {@link Completable}, as the server does with its sessions: completion closes with 1000, an error with 1011,
 * disposal with 1001. Unlike the server, the client reads only while {@code receive()} is subscribed (nothing is
 * dropped while the handler has not subscribed yet, e.g. in {@code sendText("hi").andThen(receiveText())}).
 */
public final class SessionScope {

    private SessionScope() {
    }

    /** The handler's work on {@code session}, then the close; see the class doc. */
    public static Completable serve(WsSession session, WsHandler handler) {
        Completable work = Completable.defer(() -> {
            Completable c = handler.handle(session);
            if (c == null) {
                return Completable.error(
                        new NullPointerException("The handler returned null instead of a Completable."));
            }
            return c;
        });
        return work
                .onErrorResumeNext(error -> session.close(CloseStatus.INTERNAL_ERROR, "Internal error.")
                        .onErrorComplete()
                        .andThen(Completable.error(error)))
                .andThen(session.close())
                .doOnDispose(() -> session.close(CloseStatus.GOING_AWAY, "The client is going away.")
                        .onErrorComplete().subscribe());
    }
}
