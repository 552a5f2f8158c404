package dev.wscodec.examples;

import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsServerOptions;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;

/** The {@code echo} command: {@link EchoVerticle} with limits and compression from the command line. */
final class EchoServer {

    static final int DEFAULT_PORT = 9001;

    private EchoServer() {
    }

    static void run(Args a, PrintStream out) throws Exception {
        int port = a.intValue("--port", 0, 65535, DEFAULT_PORT);
        int instances = a.intValue("--instances", 1, 64, 1);
        List<String> subprotocols = Servers.subprotocols(a, List.of());
        boolean streaming = a.flag("--streaming");
        if (streaming && a.flag("--hixie76")) {
            // draft-hixie-76 has no fragments: its messages are held whole, so they cannot stream.
            throw new Args.UsageException("--streaming cannot be combined with --hixie76: draft-hixie-76 messages "
                    + "are held whole in memory.");
        }
        WsConfig codec = Servers.codec(a, streaming).subprotocols(subprotocols).build();
        InetAddress host = Servers.bindAddress(a);
        WsServerOptions options = Servers.withTls(a, new WsServerOptions()
                .setHost(host.getHostAddress())
                .setPort(port)
                .setCodecConfig(codec));
        Servers.protocols(a, options, out);
        Vertx vertx = Vertx.vertx();
        int actual = Servers.deploy(vertx, instances, () -> new EchoVerticle(options, streaming));
        out.println("Echo server on " + Servers.url(Servers.scheme(a, "ws"), host, actual, "/") + ", any path, " + instances
                + " instance(s), " + (streaming ? "streaming, " : "") + "max message " + codec.maxMessageSize()
                + " bytes, subprotocols "
                + Servers.describe(subprotocols) + ", permessage-deflate "
                + (codec.deflate() != null ? "on" : "off")
                + ". Ctrl+C stops.");
        out.flush();
        Servers.runUntilStopped(vertx, out);
    }
}
