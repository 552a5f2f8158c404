package dev.wscodec.impl.handshake;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The server side of the opening handshake (RFC 6455 §4.2): reads the request head incrementally, checks it,
 * and builds the {@code 101} answer or an error response. One instance per connection; not thread-safe.
 */
public final class ServerHandshaker {

    /** Header fields the handshaker writes itself; {@link Accept#headers()} may not set them. */
    private static final List<String> RESERVED = List.of("Upgrade", "Connection", "Sec-WebSocket-Accept",
            "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Content-Length", "Transfer-Encoding");

    /**
     * The answer to an accepted upgrade.
     *
     * @param response   the bytes of the {@code 101} response
     * @param event      the completed handshake
     * @param extensions the negotiated extensions, in the order they apply
     */
    public record ServerAccepted(ByteBuffer response, WsEvent.HandshakeAccepted event, List<WsExtension> extensions) {
    }

    private final WsConfig config;
    private final List<WsExtensionFactory> factories;
    private final HttpHeadParser parser;
    private RequestValidator.Checked checked;
    private boolean accepted;

    public ServerHandshaker(WsConfig config, List<WsExtensionFactory> extensionFactories) {
        this.config = Objects.requireNonNull(config, "config");
        this.factories = List.copyOf(extensionFactories);
        this.parser = new HttpHeadParser(config.maxHandshakeSize(), Violation.MALFORMED_REQUEST,
                Violation.HEAD_TOO_LARGE, "request");
    }

    /**
     * Consumes request-head bytes from {@code in}. Returns {@code null} while the head is incomplete (all of
     * {@code in} consumed and buffered); then a {@link WsEvent.UpgradeRequest} for a valid RFC 6455 §4.2.1 upgrade,
     * or a {@link WsEvent.PlainHttpRequest} for a well-formed request without {@code Upgrade: websocket}, with
     * {@code in} positioned just after the head.
     *
     * @throws WsProtocolException with the violated rule, for a request to refuse (see {@link #errorResponse})
     */
    public WsEvent parse(ByteBuffer in) {
        if (checked != null) {
            throw new WsUsageException("The request head was already read.");
        }
        HttpHeadParser.Head head = parser.parse(in);
        if (head == null) {
            return null;
        }
        checked = RequestValidator.check(head, config);
        return checked.upgrade() ? new WsEvent.UpgradeRequest(checked.request())
                : new WsEvent.PlainHttpRequest(checked.request());
    }

    /** The request read by {@link #parse}, or {@code null} before. */
    public HandshakeRequest request() {
        return checked == null ? null : checked.request();
    }

    /**
     * The bytes of the HTTP response refusing a handshake that broke a rule: the violation's status, {@code
     * Connection: close} and the message as a short text body; a 426 also carries {@code Sec-WebSocket-Version: 13}
     * (RFC 6455 §4.2.2) and a 405 {@code Allow: GET}.
     *
     * @throws IllegalArgumentException if the violation has no HTTP status (a framing rule)
     */
    public static ByteBuffer errorResponse(WsProtocolException e) {
        return HttpResponses.encode(HttpResponses.errorResponse(e));
    }

    /**
     * {@link #errorResponse} as the answer to the request {@link #parse} read: for a {@code HEAD} request, its head
     * only (RFC 9110 section 9.3.2), so that no content follows the answer to a HEAD. The method is known as soon as
     * the request line has arrived, so this holds also for a head refused as malformed or too large.
     */
    public ByteBuffer refusal(WsProtocolException e) {
        String line = parser.startLine(); // the request line, once it arrived: whether the method is HEAD
        return HttpResponses.encode(HttpResponses.errorResponse(e), line != null && line.startsWith("HEAD "));
    }

    /**
     * Accepts the upgrade request returned by {@link #parse}: chooses the subprotocol, negotiates the extensions
     * with each factory in order, and builds the {@code 101} response with the exact {@code Sec-WebSocket-Accept}.
     *
     * @throws WsUsageException    if there is no upgrade request to accept, it was already accepted,
     *                             {@code accept.subprotocol()} was not offered, or {@code accept.headers()} sets a
     *                             header the handshake writes itself
     * @throws WsProtocolException ({@link Violation#BAD_NEGOTIATION_HEADER}) if a factory finds an offer malformed
     */
    public ServerAccepted accept(Accept accept) {
        if (checked == null || !checked.upgrade()) {
            throw new WsUsageException("There is no WebSocket upgrade request to accept.");
        }
        if (accepted) {
            throw new WsUsageException("The upgrade request was already accepted.");
        }
        for (String name : RESERVED) {
            if (accept.headers().contains(name)) {
                throw new WsUsageException("The header " + name + " is written by the handshake itself and cannot be "
                        + "added when accepting.");
            }
        }
        String subprotocol = chooseSubprotocol(accept.subprotocol());
        List<WsExtension> extensions = negotiate();
        List<ExtensionParams> params = new ArrayList<>(extensions.size());
        for (WsExtension e : extensions) {
            params.add(e.params());
        }
        HttpHeaders.Builder h = HttpHeaders.builder()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                // RFC 6455 §4.2.2 item 5.4: base64(SHA-1(key + GUID)), exactly.
                .add("Sec-WebSocket-Accept", AcceptKey.compute(checked.request().headers().get("Sec-WebSocket-Key")));
        if (subprotocol != null) {
            h.add("Sec-WebSocket-Protocol", subprotocol);
        }
        if (!params.isEmpty()) {
            h.add("Sec-WebSocket-Extensions", ExtensionHeaderParser.format(params));
        }
        h.addAll(accept.headers());
        HttpResponse response = new HttpResponse(101, HttpResponse.reasonPhrase(101), h.build(), null);
        ByteBuffer bytes;
        try {
            bytes = HttpResponses.encode(response);
        } catch (RuntimeException e) {
            extensions.forEach(WsExtension::release);
            throw e;
        }
        accepted = true;
        WsEvent.HandshakeAccepted event = new WsEvent.HandshakeAccepted(checked.request(), response, subprotocol,
                params);
        return new ServerAccepted(bytes, event, List.copyOf(extensions));
    }

    /** RFC 6455 §4.2.2 item 5.5: one of the offered subprotocols, or none. */
    private String chooseSubprotocol(String wanted) {
        List<String> offered = checked.subprotocols();
        if (wanted != null) {
            if (!offered.contains(wanted)) {
                throw new WsUsageException("The subprotocol '" + wanted + "' cannot be chosen because the client did "
                        + "not offer it; it offered " + offered + " (RFC 6455 section 4.2.2).");
            }
            return wanted;
        }
        for (String p : config.subprotocols()) {
            if (offered.contains(p)) {
                return p;
            }
        }
        return null;
    }

    /** RFC 6455 §9.1: each factory in order sees the offers naming its extension, in the client's order. */
    private List<WsExtension> negotiate() {
        List<WsExtension> out = new ArrayList<>(2);
        try {
            for (WsExtensionFactory f : factories) {
                List<ExtensionParams> offers = new ArrayList<>(2);
                for (ExtensionParams o : checked.extensionOffers()) {
                    if (o.name().equalsIgnoreCase(f.name())) {
                        offers.add(o);
                    }
                }
                if (offers.isEmpty()) {
                    continue;
                }
                WsExtension e = f.acceptOffer(List.copyOf(offers), Role.SERVER);
                if (e != null) {
                    out.add(e);
                }
            }
        } catch (RuntimeException e) {
            out.forEach(WsExtension::release);
            throw e;
        }
        return out;
    }

    /**
     * Encodes any response: status line, headers, {@code Content-Length} when the status allows a body (also 0 for
     * an empty body), the body.
     *
     * @throws WsUsageException for a response that cannot be sent as given (see {@link HttpResponses#encode})
     */
    public static ByteBuffer encode(HttpResponse response) {
        return HttpResponses.encode(response);
    }

    /**
     * Encodes the last response on a connection, one the server closes after: {@link #encode} with the
     * {@code close} option in its {@code Connection} header (RFC 9112 section 9.6).
     *
     * @throws WsUsageException for a response that cannot be sent as given (see {@link HttpResponses#encode})
     */
    public static ByteBuffer encodeLast(HttpResponse response) {
        return encodeLast(response, null);
    }

    /**
     * {@link #encodeLast(HttpResponse)} as the answer to {@code request}: for a {@code HEAD} request, the head a
     * {@code GET} would get (with its {@code Content-Length}) and no body (RFC 9110 section 9.3.2); see
     * {@link HttpResponses#encode(HttpResponse, boolean)}.
     */
    public static ByteBuffer encodeLast(HttpResponse response, HandshakeRequest request) {
        return HttpResponses.encode(HttpResponses.closing(response),
                request != null && request.method().equals("HEAD"));
    }
}
