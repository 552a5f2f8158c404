package dev.wscodec.examples;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the Vert.x commands share: deploying n server verticles on one port and shutting down on Ctrl+C. */
final class Servers {

    private Servers() {
    }

    /** Whether {@code --tls-cert} or {@code --tls-key} was given: the server speaks wss:// and https://. */
    static boolean tls(Args a) {
        return a.has("--tls-cert") || a.has("--tls-key");
    }

    /** {@code plain} ("ws" or "http") with an "s" when the server uses TLS. */
    static String scheme(Args a, String plain) {
        return tls(a) ? plain + "s" : plain;
    }

    /**
     * {@code options} serving TLS when {@code --tls-cert CHAIN.pem --tls-key KEY.pem} were given (the certificate
     * chain, leaf first, and its PKCS#8 or PKCS#1 private key, both PEM), unchanged otherwise.
     */
    static WsServerOptions withTls(Args a, WsServerOptions options) {
        if (!tls(a)) {
            return options;
        }
        requireTlsPair(a);
        String cert = readable(a, "--tls-cert");
        String key = readable(a, "--tls-key");
        return options.setNetServerOptions(new NetServerOptions(options.getNetServerOptions()).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key)));
    }

    /** {@code --tls-cert} and {@code --tls-key} come together. */
    static void requireTlsPair(Args a) {
        if (!a.has("--tls-cert") || !a.has("--tls-key")) {
            throw new Args.UsageException("--tls-cert and --tls-key go together: give the certificate chain and its"
                    + " private key, both PEM files.");
        }
    }

    /** The file named by option {@code name}, which must be a readable file. */
    static String readable(Args a, String name) {
        String file = a.value(name, "");
        if (!Files.isReadable(Path.of(file)) || Files.isDirectory(Path.of(file))) {
            throw new Args.UsageException("The file given to " + name + ", '" + file + "', cannot be read.");
        }
        return file;
    }

    /** The codec configuration: limits as given, permessage-deflate accepted unless {@code --no-deflate}. */
    static WsConfig.Builder codec(Args a) {
        return codec(a, false);
    }

    /**
     * permessage-deflate for servers that send mostly through topics (chat, demo, ticker): a fresh compression
     * context per message ({@code server_no_context_takeover}, RFC 7692 section 7.1.1.1, announced even when the
     * client did not ask), so that {@code WsTopics} compresses a published message once for every subscriber
     * (with context takeover it would send them the plain frame), and no connection keeps a compressor of its own.
     */
    static final DeflateConfig FAN_OUT_DEFLATE = DeflateConfig.DEFAULT.withServerNoContextTakeover(true);

    /** {@link #codec(Args)} with {@link #FAN_OUT_DEFLATE} unless {@code --no-deflate}. */
    static WsConfig.Builder fanOutCodec(Args a) {
        return codec(a, false, FAN_OUT_DEFLATE);
    }

    /**
     * {@link #codec(Args)}, streaming messages when {@code streaming}: a message then never has to fit in memory, so
     * {@code --max-message} goes up to 2^63-1, its default (memory stays bounded whatever the size).
     */
    static WsConfig.Builder codec(Args a, boolean streaming) {
        return codec(a, streaming, DeflateConfig.DEFAULT);
    }

    /** The codec configuration with {@code deflate} accepted unless {@code --no-deflate}. */
    private static WsConfig.Builder codec(Args a, boolean streaming, DeflateConfig deflate) {
        WsConfig.Builder b = WsConfig.builder().streaming(streaming);
        if (!a.flag("--no-deflate")) {
            b.deflate(deflate);
        }
        if (streaming) {
            long max = a.longValue("--max-message", 125, Long.MAX_VALUE, Long.MAX_VALUE);
            b.maxMessageSize(max).maxFrameSize(max);
        } else if (a.has("--max-message")) {
            long max = a.longValue("--max-message", 125, Integer.MAX_VALUE - 8, WsConfig.DEFAULT_MAX_MESSAGE_SIZE);
            b.maxMessageSize(max).maxFrameSize(max);
        }
        return b;
    }

    /**
     * The subprotocols {@code --subprotocol} names (repeatable, most preferred first), else {@code fallback}: the
     * server chooses the first of them the client offered, and answers without {@code Sec-WebSocket-Protocol} when
     * the client offered none of them (RFC 6455 section 4.2.2 item 5.4).
     */
    static List<String> subprotocols(Args a, List<String> fallback) {
        List<String> named = a.all("--subprotocol");
        if (named.isEmpty()) {
            return fallback;
        }
        for (String name : named) {
            try {
                WsConfig.builder().subprotocols(name);   // checks that it is a token
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("The value of --subprotocol must be a token (RFC 6455 section 4.1, "
                        + "RFC 9110 section 5.6.2) but was '" + name + "'.");
            }
        }
        return List.copyOf(new LinkedHashSet<>(named));
    }

    /** {@code chat, superchat} or {@code none}, for a startup line. */
    static String describe(List<String> subprotocols) {
        return subprotocols.isEmpty() ? "none" : String.join(", ", subprotocols);
    }

    /**
     * {@code --hixie76}: the server also serves the legacy provider {@code hixie-76} (module ws-codec-hixie) on its
     * port, and says so; RFC 6455 clients are served as before.
     */
    static WsServerOptions protocols(Args a, WsServerOptions options, PrintStream out) {
        if (a.flag("--hixie76")) {
            options.setOtherProviders(java.util.List.of("hixie-76"));
            out.println("Also accepting legacy draft-hixie-75/76 clients on this port (text only, no pings; no browser "
                    + "speaks it any more).");
        }
        return options;
    }

    /**
     * The address {@code --host} names (default every interface), resolved here so that the server binds exactly
     * this address and the startup line can print it.
     */
    static InetAddress bindAddress(Args a) {
        String host = a.value("--host", WsServerOptions.DEFAULT_HOST);
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Args.UsageException("The value of --host must be an address of this machine, but '" + host
                    + "' cannot be resolved.");
        }
    }

    /**
     * {@code SCHEME://ADDRESS:PORT/PATH} for the address a server is bound to; a server bound to every interface
     * ({@code 0.0.0.0}, {@code ::}) is shown as {@code localhost}, followed by " (every interface)".
     */
    static String url(String scheme, InetAddress bound, int port, String path) {
        if (bound.isAnyLocalAddress()) {
            return scheme + "://localhost:" + port + path + " (every interface)";
        }
        String host = bound.getHostAddress();
        if (bound instanceof Inet6Address) {
            int scope = host.indexOf('%');
            host = scope < 0 ? host : host.substring(0, scope);
            host = "[" + host.replaceFirst("(^|:)(0+(:|$)){2,8}", "::") + "]";   // RFC 5952: the short form
        }
        return scheme + "://" + host + ":" + port + path;
    }

    /**
     * Deploys {@code instances} verticles (one per event loop, sharing the port) and returns the port they listen
     * on; blocks until the deployment finished.
     */
    static int deploy(Vertx vertx, int instances, Supplier<? extends WsServerVerticle> verticle) throws Exception {
        Queue<WsServerVerticle> created = new ConcurrentLinkedQueue<>();
        vertx.deployVerticle(() -> {
            WsServerVerticle v = verticle.get();
            created.add(v);
            return v;
        }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return created.peek().server().actualPort();
    }

    /**
     * Closes Vert.x on SIGTERM / Ctrl+C: every server verticle is undeployed, which sends 1001 (going away) to each
     * client and waits for the close handshakes up to the close timeout. Then blocks the calling thread for good.
     */
    static void runUntilStopped(Vertx vertx, PrintStream out) throws InterruptedException {
        runUntilStopped(vertx, out, () -> { });
    }

    /** {@link #runUntilStopped(Vertx, PrintStream)} running {@code first} in the shutdown hook before closing. */
    static void runUntilStopped(Vertx vertx, PrintStream out, Runnable first) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            first.run();
            out.println("Shutting down: closing every connection with 1001 (going away).");
            out.flush();
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("Shutdown did not finish cleanly: " + e);
            }
        }, "shutdown"));
        Thread.currentThread().join();
    }

    /** Waits {@code seconds} (in a shutdown hook: still serving meanwhile), saying so first. */
    static void pause(PrintStream out, int seconds) {
        if (seconds <= 0) {
            return;
        }
        out.println("Draining: /health answers 503; closing in " + seconds + " s.");
        out.flush();
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
