package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.connection.ClientConnector;
import dev.wscodec.vertx.impl.rx.SessionScope;
import dev.wscodec.vertx.impl.connection.Settings;
import dev.wscodec.vertx.impl.rx.RxApplication;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.spi.WsCodecProvider;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.List;
import java.util.Objects;

/**
 * A WebSocket client on a Vert.x {@link NetClient}: connects to {@code ws://} and {@code wss://} URLs and gives
 * the same {@link WsSession} as the server. Create one per application and reuse it.
 */
public final class WsClient {

    private final Vertx vertx;
    private final WsClientOptions options;
    private final NetClient netClient;
    private final Settings settings;
    private final ClientSSLOptions tls;

    private WsClient(Vertx vertx, WsClientOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = new WsClientOptions(Objects.requireNonNull(options, "options"));
        this.settings = Settings.of(this.options, WsCodecProvider.lookup(this.options.getProviderName()),
                RxApplication.INSTANCE);
        NetClientOptions net = new NetClientOptions(this.options.getNetClientOptions());
        this.tls = tlsOptions(net);
        this.netClient = vertx.createNetClient(net);
    }

    /** A client with default options. */
    public static WsClient create(Vertx vertx) {
        return new WsClient(vertx, new WsClientOptions());
    }

    /**
     * A client with these options.
     *
     * @throws IllegalStateException if the codec provider named in the options is not found
     */
    public static WsClient create(Vertx vertx, WsClientOptions options) {
        return new WsClient(vertx, options);
    }

    /** {@code connect(url, List.of(), HttpHeaders.EMPTY)}. */
    public Single<WsSession> connect(String url) {
        return connect(url, List.of(), HttpHeaders.EMPTY);
    }

    /**
     * Connects (on subscription) and performs the opening handshake. Succeeds with the open session; fails with
     * {@link WsHandshakeRejectedException} when the server answers other than 101, with
     * {@link dev.wscodec.api.WsProtocolException} when its answer is invalid, with {@link WsClosedException} when
     * the handshake timed out or the connection dropped, with {@link javax.net.ssl.SSLHandshakeException} when a
     * {@code wss://} server's certificate is not trusted or does not name the URL's host (its cause chain holds the
     * {@link java.security.cert.CertificateException}), and with {@link IllegalArgumentException} for a bad URL.
     * Disposing before success closes the connection.
     *
     * @param url          {@code ws://host[:port]/path[?query]} or {@code wss://...}
     * @param subprotocols the subprotocols to offer, most preferred first
     * @param headers      extra request headers, e.g. {@code Authorization} or {@code Origin}
     */
    public Single<WsSession> connect(String url, List<String> subprotocols, HttpHeaders headers) {
        Objects.requireNonNull(url, "url");
        List<String> protocols = List.copyOf(subprotocols);
        Objects.requireNonNull(headers, "headers");
        return Single.defer(() -> ClientConnector.connect(vertx, netClient, tls, settings, url, protocols,
                headers));
    }

    /** {@code connect(url, List.of(), HttpHeaders.EMPTY, handler)}. */
    public Completable connect(String url, WsHandler handler) {
        return connect(url, List.of(), HttpHeaders.EMPTY, handler);
    }

    /**
     * Connects (on subscription), runs {@code handler} on the open session, and keeps the session exactly as long
     * as the handler's {@link Completable}, as {@code WebSocketClient.execute} does in Spring WebFlux: when it
     * completes, the session is closed with 1000 and the returned Completable completes once the connection has
     * ended; when it fails, the session is closed with 1011 ("Internal error.") and the returned Completable fails
     * with the handler's error. Disposing closes the session with 1001. Fails as
     * {@link #connect(String, List, HttpHeaders)} does when the connection cannot be opened. The handler runs on
     * the connection's event loop; the socket is read only while {@link WsSession#receive()} (or
     * {@link WsSession#receiveText()}) is subscribed, so a reply is never dropped for being early.
     *
     * <pre>{@code
     * client.connect("ws://localhost:8080/echo", session -> session.sendText("hello")
     *         .andThen(session.receiveText().firstOrError())
     *         .doOnSuccess(System.out::println)
     *         .ignoreElement())
     *     .blockingAwait();
     * }</pre>
     */
    public Completable connect(String url, List<String> subprotocols, HttpHeaders headers, WsHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return connect(url, subprotocols, headers).flatMapCompletable(s -> SessionScope.serve(s, handler));
    }

    /**
     * The TLS settings of every {@code wss://} connection: those of the {@link NetClientOptions} if it has any (trust,
     * key, protocols, ciphers), otherwise Vert.x's defaults, which trust the JDK's default trust store (the
     * {@code javax.net.ssl.trustStore} system property or the JDK's {@code cacerts}). Unless the options chose a
     * hostname verification algorithm, {@code "HTTPS"} (RFC 2818 section 3.1 endpoint identification) is used, as by
     * every HTTPS client: the certificate must name the URL's host.
     */
    static ClientSSLOptions tlsOptions(NetClientOptions net) {
        ClientSSLOptions tls = net.getSslOptions() == null ? new ClientSSLOptions() : net.getSslOptions().copy();
        if (tls.getHostnameVerificationAlgorithm() == null) {
            tls.setHostnameVerificationAlgorithm("HTTPS");
        }
        return tls;
    }

    /**
     * Closes every session this client opened with 1001 ("going away"), waits for them to end, at most
     * {@link WsClientOptions#getCloseTimeout()}, then closes the underlying {@link NetClient}.
     */
    public Future<Void> close() {
        return netClient.shutdown(options.getCloseTimeout());
    }

    /** {@link #close()} as a cold {@link Completable}: closes on subscription. */
    public Completable rxClose() {
        return Rx.completable(this::close);
    }
}
