package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.WsSession;

/**
 * The application side of connections, which this package knows only through this interface: it makes each
 * connection's inbound flow and, once the handshake is done, its session. The Rx layer implements it
 * ({@code impl.rx.RxApplication}); the public server and client classes pass it in with the {@link Settings}.
 */
public interface Application {

    /** The inbound side of a connection: whole messages, or streamed ones when {@code streaming}. */
    Incoming incoming(SessionPort port, boolean streaming);

    /** The session of a connection whose handshake completed. */
    WsSession session(SessionPort port, WsEvent.HandshakeAccepted handshake);
}
