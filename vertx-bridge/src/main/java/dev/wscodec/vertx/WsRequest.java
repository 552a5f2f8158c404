package dev.wscodec.vertx;

import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;

/**
 * An HTTP request that reached a {@link WsServer}, with where it came from: what the {@link WsAcceptHook} and the
 * {@link WsPlainHttpHandler} decide on.
 *
 * @param request       the request head (method, target, headers)
 * @param remoteAddress the peer's address
 * @param localAddress  the server's address the peer connected to
 * @param ssl           whether the connection uses TLS ({@code wss://})
 */
public record WsRequest(HandshakeRequest request, SocketAddress remoteAddress, SocketAddress localAddress,
                        boolean ssl) {

    public WsRequest {
        Objects.requireNonNull(request, "request");
    }

    /** The path of the request target, without the query, e.g. {@code /chat}. */
    public String path() {
        return request.path();
    }

    /** The query of the request target without the {@code ?}, or {@code null}. */
    public String query() {
        return request.query();
    }

    /** The request's header fields. */
    public HttpHeaders headers() {
        return request.headers();
    }
}
