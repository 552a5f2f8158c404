package dev.wscodec.api;

import java.util.List;
import java.util.Objects;

/**
 * What an engine reports from the bytes it receives. Handshake events are nested here; data and control events
 * ({@link TextMessage}, {@link BinaryMessage}, {@link MessageChunk}, {@link Ping}, {@link Pong}, {@link Close})
 * are also {@link Outbound} and can be sent.
 *
 * <p>A peer that breaks the protocol is not an event: {@link WsEngine#receive} throws
 * {@link WsProtocolException}. A normal close is the {@link Close} event.
 */
public sealed interface WsEvent
        permits WsEvent.UpgradeRequest, WsEvent.PlainHttpRequest, WsEvent.HandshakeAccepted,
                WsEvent.HandshakeRejected, Message, MessageChunk, Ping, Pong, Close {

    /**
     * Server: a valid WebSocket opening handshake arrived (RFC 6455 §4.2.1 checks passed). Answer with
     * {@link WsEngine#accept(Accept)} or {@link WsEngine#reject(HttpResponse)}.
     */
    record UpgradeRequest(HandshakeRequest request) implements WsEvent {
        public UpgradeRequest {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Server: a well-formed HTTP request that does not ask for a WebSocket upgrade (no {@code Upgrade: websocket}).
     * Answer with {@link WsEngine#reject(HttpResponse)}, e.g. {@code 426 Upgrade Required} or a page.
     */
    record PlainHttpRequest(HandshakeRequest request) implements WsEvent {
        public PlainHttpRequest {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * The opening handshake completed: the connection is open. The client engine emits it when a valid
     * {@code 101} response arrived; on both sides {@link WsEngine#handshake()} returns it afterwards.
     *
     * @param request     the handshake request
     * @param response    the {@code 101} response
     * @param subprotocol the negotiated subprotocol, or {@code null}
     * @param extensions  the negotiated extensions, in the order they apply
     */
    record HandshakeAccepted(HandshakeRequest request, HttpResponse response, String subprotocol,
                             List<ExtensionParams> extensions) implements WsEvent {
        public HandshakeAccepted {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(response, "response");
            extensions = List.copyOf(extensions);
        }
    }

    /** Client: the server answered the handshake with something other than {@code 101} (e.g. 401, 403, 404). */
    record HandshakeRejected(HttpResponse response) implements WsEvent {
        public HandshakeRejected {
            Objects.requireNonNull(response, "response");
        }
    }
}
