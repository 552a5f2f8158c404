package dev.wscodec.bench.load;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsServer;
import dev.wscodec.vertx.WsServerOptions;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An echo server for the load tests, on one Vert.x event loop: {@code ours} is the vertx-bridge
 * ({@code session -> session.send(session.receive())}), {@code vertx} is Vert.x's own {@link HttpServer}
 * WebSocket support echoing whole messages. Both accept messages up to 32 MiB and permessage-deflate (level 6,
 * context takeover) when the client offers it. A {@link ControlPort} reports the
 * process id and the heap after GC.
 *
 * {@code netty} is raw Netty ({@link NettyEchoServer}), without Vert.x.
 *
 * <pre>java -cp benchmarks.jar dev.wscodec.bench.load.BenchServer ours|vertx|netty PORT CONTROL_PORT</pre>
 */
public final class BenchServer {

    static final int MAX_MESSAGE = 32 * 1024 * 1024;

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BenchServer ours|vertx|netty PORT CONTROL_PORT");
            System.exit(2);
        }
        try {
            serve(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // an event-loop thread would keep a server that failed to start alive
        }
    }

    private static void serve(String impl, int port, int controlPort) throws Exception {
        int bound;
        if (impl.equals("netty")) {
            EventLoopGroup group = NettyEchoServer.newGroup();
            bound = NettyEchoServer.start(group, port);
            Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully));
        } else {
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1));
            bound = switch (impl) {
                case "ours" -> startOurs(vertx, port);
                case "vertx" -> startVertx(vertx, port);
                default -> throw new IllegalArgumentException("Unknown server '" + impl + "': use ours, vertx or netty.");
            };
            Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
        }
        ControlPort.start(controlPort);
        System.out.println("READY " + impl + " port=" + bound + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        Thread.currentThread().join();
    }

    static int startOurs(Vertx vertx, int port) throws Exception {
        // permessage-deflate is on in both servers (Vert.x's default), used only when the client offers it
        WsConfig codec = WsConfig.builder().maxFrameSize(MAX_MESSAGE).maxMessageSize(MAX_MESSAGE)
                .deflate(DeflateConfig.DEFAULT).build();
        WsServerOptions options = new WsServerOptions().setHost("127.0.0.1").setPort(port)
                .setCodecConfig(codec)
                .setMaxConnections(200_000)
                .setMaxQueuedOutboundBytes(4 * MAX_MESSAGE)
                .setHandshakeTimeout(Duration.ofSeconds(60));
        WsServer server = WsServer.create(vertx, options, session -> session.send(session.receive()));
        return server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    }

    static int startVertx(Vertx vertx, int port) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setMaxWebSocketFrameSize(MAX_MESSAGE).setMaxWebSocketMessageSize(MAX_MESSAGE)
                .setPerMessageWebSocketCompressionSupported(true).setWebSocketCompressionLevel(6);
        HttpServer server = vertx.createHttpServer(options).webSocketHandler(BenchServer::echo);
        return server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    }

    /** Echoes whole messages, pausing the reader while the write queue is full (as the bridge's send does). */
    private static void echo(ServerWebSocket ws) {
        ws.binaryMessageHandler(data -> write(ws, data, true));
        ws.textMessageHandler(text -> write(ws, Buffer.buffer(text), false));
    }

    private static void write(ServerWebSocket ws, Buffer data, boolean binary) {
        if (binary) {
            ws.writeBinaryMessage(data);
        } else {
            ws.writeTextMessage(data.toString());
        }
        if (ws.writeQueueFull()) {
            ws.pause();
            ws.drainHandler(v -> ws.resume());
        }
    }
}
