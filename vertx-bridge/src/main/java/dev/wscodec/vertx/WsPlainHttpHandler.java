package dev.wscodec.vertx;

import dev.wscodec.vertx.impl.connection.Connection;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import io.reactivex.rxjava3.core.Single;

/**
 * Answers well-formed HTTP requests that are not WebSocket upgrades, so an application can serve a page on the same
 * port. The connection is closed after the response. Called on the connection's event loop; it must not block.
 * <p>
 * A {@code HEAD} request (RFC 9110 section 9.3.2) is answered by returning the same response as for {@code GET},
 * body included: the codec sends its head with the body's {@code Content-Length} and leaves the body out. A handler
 * that knows the length without building the body may instead return no body and set {@code Content-Length} itself;
 * that header is then kept as given.
 */
@FunctionalInterface
public interface WsPlainHttpHandler {

    /**
     * The default: {@code 426 Upgrade Required} with {@code Upgrade: websocket} and
     * {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.2.2).
     */
    WsPlainHttpHandler UPGRADE_REQUIRED = request -> Single.just(new HttpResponse(426,
            HttpResponse.reasonPhrase(426),
            HttpHeaders.of("Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13"), null));

    Single<HttpResponse> handle(WsRequest request);
}
