package dev.wscodec.conformance.hostile;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsServer;
import dev.wscodec.vertx.WsServerOptions;
import io.vertx.core.Vertx;
import java.time.Duration;

/** A bridge server with short timeouts and a 1 MiB outbound limit, for hostile clients. Echoes unless told otherwise. */
final class HostileServer implements AutoCloseable {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

    final Vertx vertx = Vertx.vertx();
    final WsServer server;

    HostileServer(WsHandler handler) {
        WsServerOptions options = new WsServerOptions().setHost("127.0.0.1").setPort(0)
                .setHandshakeTimeout(HANDSHAKE_TIMEOUT).setCloseTimeout(Duration.ofSeconds(1))
                .setPingInterval(Duration.ZERO).setMaxQueuedOutboundBytes(1024 * 1024)
                .setCodecConfig(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build());
        server = WsServer.create(vertx, options, handler);
        server.listen().await();
    }

    HostileServer() {
        this(session -> session.send(session.receive()));
    }

    int port() {
        return server.actualPort();
    }

    int connections() {
        return server.connectionCount();
    }

    @Override
    public void close() {
        try {
            server.close().await();
        } finally {
            vertx.close().await();
        }
    }
}
