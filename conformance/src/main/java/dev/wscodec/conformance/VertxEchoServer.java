package dev.wscodec.conformance;

import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsServer;
import dev.wscodec.vertx.WsServerOptions;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The Vert.x bridge's echo endpoint ({@code session.send(session.receive())}) as a conformance target, with limits
 * high enough for Autobahn section 9: 16 MiB messages and frames. Keep-alive pings are off so they cannot mix
 * into the cases' traffic. {@code main(String[] {port})} matches the Autobahn plugin's {@code mainClass} contract.
 */
public final class VertxEchoServer implements AutoCloseable {

    /** 16 MiB, the largest message of Autobahn section 9. */
    public static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final WsServer server;

    private VertxEchoServer(Vertx vertx, WsServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts the echo server on {@code host:port} (0 picks a free port) with the conformance limits. */
    public static VertxEchoServer start(String host, int port) {
        return start(options(host, port));
    }

    /** Starts the echo server with these options. */
    public static VertxEchoServer start(WsServerOptions options) {
        Vertx vertx = Vertx.vertx();
        WsServer server = WsServer.create(vertx, options, session -> session.send(session.receive()));
        try {
            server.listen().await();
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        return new VertxEchoServer(vertx, server);
    }

    /** The conformance options: 16 MiB messages and frames, no keep-alive pings. */
    public static WsServerOptions options(String host, int port) {
        return new WsServerOptions()
                .setHost(host)
                .setPort(port)
                .setPingInterval(Duration.ZERO)
                .setMaxQueuedOutboundBytes(4 * MAX_MESSAGE)
                .setCodecConfig(WsConfig.builder().maxMessageSize(MAX_MESSAGE).maxFrameSize(MAX_MESSAGE).build());
    }

    public int port() {
        return server.actualPort();
    }

    public WsServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.close().await();
        } finally {
            vertx.close().await();
        }
    }

    /** {@code PORT}: runs until the JVM exits. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
        VertxEchoServer s = start("0.0.0.0", port);
        System.out.println("Vert.x bridge echo server on ws://localhost:" + s.port() + "/ (16 MiB messages)");
        Thread.currentThread().join();
    }
}
