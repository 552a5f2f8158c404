package dev.wscodec.examples;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsAcceptHook;
import dev.wscodec.vertx.WsDecision;
import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsPlainHttpHandler;
import dev.wscodec.vertx.WsRouteOptions;
import dev.wscodec.vertx.WsRouter;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The {@code demo} command (the default): one port serving the browser page over plain HTTP on {@code /} and
 * WebSockets on {@code /echo} and {@code /chat}, and echo on {@code /} for pages written for the seeds' servers.
 * {@code /metrics} (Prometheus text) and {@code /health} are for whoever runs it (see {@link Monitoring}).
 * Ctrl+C turns {@code /health} to 503, waits {@code --drain} seconds, then closes every connection with 1001.
 */
final class DemoServer {

    /** The port of the seeds' echo page. */
    static final int DEFAULT_PORT = 9876;
    static final String PAGE = "/dev/wscodec/examples/web/index.html";
    /** The answer to a page of a foreign origin (RFC 6455 §4.2.2 item 4: 403 for an origin not accepted). */
    static final HttpResponse CROSS_ORIGIN = HttpResponse.of(403, HttpHeaders.EMPTY, "text/plain; charset=utf-8",
            "WebSockets on /echo and /chat are open to this server's own pages and to clients that send no Origin;"
                    + " start the demo with --allow-origin ORIGIN to admit another site.\n");

    private DemoServer() {
    }

    static void run(Args a, PrintStream out) throws Exception {
        int port = a.intValue("--port", 0, 65535, DEFAULT_PORT);
        List<String> subprotocols = Servers.subprotocols(a, ChatServer.SUBPROTOCOLS);
        WsConfig codec = Servers.fanOutCodec(a).subprotocols(subprotocols).build();
        byte[] page = page();
        InetAddress host = Servers.bindAddress(a);
        int drain = a.intValue("--drain", 0, 3600, 0);
        Monitoring monitoring = new Monitoring();
        WsServerOptions options = Servers.withTls(a, new WsServerOptions()
                .setHost(host.getHostAddress())
                .setPort(port)
                .setCodecConfig(codec)
                .setPlainHttpHandler(monitoring.handler(pages(page)))
                .setMetrics(monitoring.wsMetrics()));
        Servers.protocols(a, options, out);
        ClusterOptions.Node node = ClusterOptions.parse(a).start(out);
        Vertx vertx = node.vertx();
        WsHandler chat = ChatRoom.handler(vertx, ChatRoom.DEFAULT_LIMIT, node.name(), monitoring.wsMetrics());
        WsHandler echo = session -> session.send(session.receive());
        WsRouter router = router(OriginPolicy.allowing(a.all("--allow-origin")), echo, chat);
        int actual = Servers.deploy(vertx, 1, () -> new WsServerVerticle(options, router));
        out.println("wscodec demo: open " + Servers.url(Servers.scheme(a, "http"), host, actual, "/")
                + " in a browser (WebSockets: echo on /echo and /, chat on /chat; subprotocols "
                + Servers.describe(subprotocols) + "; permessage-deflate " + (codec.deflate() != null ? "on" : "off")
                + "; /metrics, /health)" + (node.name() == null ? "" : "; node " + node.name() + " of a cluster")
                + ". Ctrl+C stops.");
        out.flush();
        Servers.runUntilStopped(vertx, out, () -> {
            // /health turns 503 first, so that a load balancer stops sending clients before the port closes.
            monitoring.stopping();
            Servers.pause(out, drain);
        });
    }

    /** {@link #router(OriginPolicy, WsHandler, WsHandler)} with {@link OriginPolicy#SAME_ORIGIN}. */
    static WsRouter router(WsHandler echo, WsHandler chat) {
        return router(OriginPolicy.SAME_ORIGIN, echo, chat);
    }

    /**
     * Upgrades on /echo ({@code echo}), /chat ({@code chat}) and / ({@code echo}: the seeds' echo page opens
     * {@code ws://HOST:9876/}); anything else is 404 (from the router). Plain HTTP requests for / still get the page.
     * /echo and /chat are the demo page's and accept only the origins {@code origins} allows (403 otherwise); /
     * takes any origin, since pages written for the seeds' server are served from elsewhere and an echo gives a
     * foreign page nothing of the user's.
     */
    static WsRouter router(OriginPolicy origins, WsHandler echo, WsHandler chat) {
        WsRouteOptions ownPages = new WsRouteOptions().setAcceptHook(originCheck(origins));
        return WsRouter.router()
                .route("/", echo)
                .route("/echo", ownPages, echo)
                .route("/chat", ownPages, chat);
    }

    /** Accepts the origins {@code origins} allows; refuses others with {@link #CROSS_ORIGIN}. */
    static WsAcceptHook originCheck(OriginPolicy origins) {
        return request -> Single.just(origins.allows(request.headers().getAll("Origin"), request.request().host())
                ? WsDecision.accept() : WsDecision.reject(CROSS_ORIGIN));
    }

    /**
     * The page on {@code /} and {@code /index.html}; 404 elsewhere, 405 for methods other than GET and HEAD. HEAD gets
     * what GET gets without the body (the codec leaves it out), so its Content-Length is the page's.
     */
    static WsPlainHttpHandler pages(byte[] page) {
        return request -> {
            String method = request.request().method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return Single.just(new HttpResponse(405, HttpResponse.reasonPhrase(405),
                        HttpHeaders.of("Allow", "GET, HEAD"), null));
            }
            if (!request.path().equals("/") && !request.path().equals("/index.html")) {
                return Single.just(HttpResponse.of(404, HttpHeaders.EMPTY, "text/plain; charset=utf-8",
                        "Not found. The demo page is at /.\n"));
            }
            HttpHeaders headers = HttpHeaders.of("Content-Type", "text/html; charset=utf-8",
                    "Cache-Control", "no-store", "X-Content-Type-Options", "nosniff");
            // The same answer for HEAD: the codec sends its head, with the page's Content-Length, and no body.
            return Single.just(new HttpResponse(200, "OK", headers, ByteBuffer.wrap(page)));
        };
    }

    static byte[] page() {
        try (InputStream in = DemoServer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("The page " + PAGE + " is missing from the class path.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
