package dev.wscodec.vertx.impl.rx;

import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.WsSession;
import dev.wscodec.vertx.impl.connection.Application;
import dev.wscodec.vertx.impl.connection.Incoming;
import dev.wscodec.vertx.impl.connection.SessionPort;
import io.vertx.core.Vertx;

/** The Rx side of every connection: {@link Inbound} or {@link StreamInbound}, and {@link SessionImpl}. */
public final class RxApplication implements Application {

    public static final RxApplication INSTANCE = new RxApplication();

    private RxApplication() {
    }

    @Override
    public Incoming incoming(SessionPort port, boolean streaming) {
        Inbound.Source source = new Inbound.Source() {
            @Override
            public void run(Runnable task) {
                port.run(task);
            }

            @Override
            public boolean onContext() {
                return Vertx.currentContext() == port.context();
            }

            @Override
            public void onDemandChanged() {
                port.onDemandChanged();
            }
        };
        return streaming ? new StreamInbound(source, port::closedException) : new Inbound(source);
    }

    @Override
    public WsSession session(SessionPort port, WsEvent.HandshakeAccepted handshake) {
        return new SessionImpl(port, handshake);
    }
}
