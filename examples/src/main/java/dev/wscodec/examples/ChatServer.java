package dev.wscodec.examples;

import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;

/** The {@code chat} command: {@link ChatRoom} on every path, over several verticle instances sharing the room. */
final class ChatServer {

    static final int DEFAULT_PORT = 9877;
    /** The subprotocols the room speaks; RFC 6455's example client offers {@code chat, superchat}. */
    static final String SUBPROTOCOL = "chat";

    private ChatServer() {
    }

    static void run(Args a, PrintStream out) throws Exception {
        int port = a.intValue("--port", 0, 65535, DEFAULT_PORT);
        int instances = a.intValue("--instances", 1, 64, 2);
        InetAddress host = Servers.bindAddress(a);
        WsServerOptions options = Servers.withTls(a, new WsServerOptions()
                .setHost(host.getHostAddress())
                .setPort(port)
                .setCodecConfig(Servers.codec(a).subprotocols(SUBPROTOCOL).build()));
        Servers.protocols(a, options, out);
        Vertx vertx = Vertx.vertx();
        int actual = Servers.deploy(vertx, instances, () -> new WsServerVerticle(options, ChatRoom.handler(vertx)));
        out.println("Chat room on " + Servers.url(Servers.scheme(a, "ws"), host, actual, "/chat?name=YOUR_NAME")
                + " over " + instances
                + " verticle instance(s); subprotocol '" + SUBPROTOCOL + "' when offered; send quit to leave. Ctrl+C stops.");
        out.flush();
        Servers.runUntilStopped(vertx, out);
    }
}
