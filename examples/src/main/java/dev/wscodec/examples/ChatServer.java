package dev.wscodec.examples;

import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;

/** The {@code chat} command: {@link ChatRoom} on every path, over several verticle instances sharing the room. */
final class ChatServer {

    static final int DEFAULT_PORT = 9877;
    /**
     * The subprotocols the room speaks by default, most preferred first: those of RFC 6455's example (seed 003),
     * whose client offers {@code chat, superchat}.
     */
    static final List<String> SUBPROTOCOLS = List.of("chat", "superchat");

    private ChatServer() {
    }

    static void run(Args a, PrintStream out) throws Exception {
        int port = a.intValue("--port", 0, 65535, DEFAULT_PORT);
        int instances = a.intValue("--instances", 1, 64, 2);
        InetAddress host = Servers.bindAddress(a);
        List<String> subprotocols = Servers.subprotocols(a, SUBPROTOCOLS);
        WsConfig.Builder codec = Servers.fanOutCodec(a).subprotocols(subprotocols);
        ChatRoom.LineLimit limit = a.has("--max-message")
                ? new ChatRoom.LineLimit(a.longValue("--max-message", 125, Integer.MAX_VALUE - 8, 0), true)
                : ChatRoom.DEFAULT_LIMIT;
        // Lines up to the limit are broadcast; longer ones get a polite refusal up to the codec's default limit, beyond
        // which (or beyond a higher --max-message) the codec closes with 1009 (RFC 6455 section 7.4.1).
        long codecMax = Math.max(limit.max(), WsConfig.DEFAULT_MAX_MESSAGE_SIZE);
        codec.maxMessageSize(codecMax).maxFrameSize(codecMax);
        WsServerOptions options = Servers.withTls(a, new WsServerOptions()
                .setHost(host.getHostAddress())
                .setPort(port)
                .setCodecConfig(codec.build()));
        Servers.protocols(a, options, out);
        ClusterOptions.Node node = ClusterOptions.parse(a).start(out);
        Vertx vertx = node.vertx();
        WsHandler room = ChatRoom.handler(vertx, limit, node.name());   // one room, shared by every instance
        int actual = Servers.deploy(vertx, instances, () -> new WsServerVerticle(options, room));
        out.println("Chat room on " + Servers.url(Servers.scheme(a, "ws"), host, actual, "/chat?name=YOUR_NAME")
                + " over " + instances + " verticle instance(s), subprotocols " + Servers.describe(subprotocols) + ", lines of at most "
                + limit.max() + (limit.bytes() ? " bytes" : " characters")
                + "; send quit to leave" + (node.name() == null ? "" : "; node " + node.name() + " of a cluster")
                + ". Ctrl+C stops.");
        out.flush();
        Servers.runUntilStopped(vertx, out);
    }
}
