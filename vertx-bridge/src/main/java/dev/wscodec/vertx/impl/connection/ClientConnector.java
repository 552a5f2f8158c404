package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Parses a {@code ws://} or {@code wss://} URL, opens the TCP (or TLS) connection and starts the handshake. */
public final class ClientConnector {

    private ClientConnector() {
    }

    /** The parts of a WebSocket URL (RFC 6455 §3). */
    record Target(boolean secure, String host, int port, String hostHeader, String resource) {
    }

    static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure;
        if (scheme.equals("ws")) {
            secure = false;
        } else if (scheme.equals("wss")) {
            secure = true;
        } else {
            throw new IllegalArgumentException("A WebSocket URL starts with ws:// or wss:// but was '" + url + "'.");
        }
        if (uri.getRawFragment() != null) {
            // RFC 6455 §3: fragment identifiers are meaningless in WebSocket URIs and MUST NOT be used.
            throw new IllegalArgumentException("A WebSocket URL must not have a fragment (RFC 6455 section 3): '"
                    + url + "'.");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("The WebSocket URL '" + url + "' has no host.");
        }
        int defaultPort = secure ? 443 : 80;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String connectHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String resource = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(secure, connectHost, port, hostHeader, resource);
    }

    /**
     * Connects to {@code url}; a {@code wss://} URL uses TLS with {@code tls} (trust, hostname verification), whatever
     * the {@link NetClient} was created with.
     */
    public static Single<WsSession> connect(Vertx vertx, NetClient client, ClientSSLOptions tls, Settings settings,
                                            String url, List<String> subprotocols, HttpHeaders headers) {
        Target target;
        WsEngine engine;
        try {
            target = parse(url);
            ClientHandshake handshake = new ClientHandshake(target.hostHeader(), target.resource(), subprotocols,
                    headers);
            // The engine stops at the end of the 101: the frames behind it wait until the application subscribes.
            WsConfig config = settings.config().holdAfterHandshake() ? settings.config()
                    : settings.config().toBuilder().holdAfterHandshake(true).build();
            engine = settings.provider().newClientEngine(config, handshake);
        } catch (RuntimeException e) {
            return Single.error(e);
        }
        ConnectOptions connect = new ConnectOptions().setHost(target.host()).setPort(target.port());
        if (target.secure()) {
            // Vert.x fails a TLS connection whose NetClientOptions carry no TLS settings (new NetClientOptions(),
            // even with setSsl(true)) instead of using the JDK's defaults: wss:// always brings its own.
            connect.setSsl(true).setSslOptions(tls);
            if (!isIpLiteral(target.host())) {
                connect.setSniServerName(target.host());
            }
        }
        return Single.create(emitter -> client.connect(connect).onComplete(ar -> {
            if (ar.failed()) {
                engine.release();
                emitter.tryOnError(ar.cause());
            } else if (emitter.isDisposed()) {
                engine.release();
                ar.result().close();
            } else {
                new ClientConnection(vertx, ar.result(), settings, engine, emitter, client).start();
            }
        }));
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
