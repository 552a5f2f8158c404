package dev.wscodec.impl.handshake;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The client side of the opening handshake (RFC 6455 §4.1): builds the request with a fresh key and validates
 * the server's response. One instance per connection; not thread-safe.
 */
public final class ClientHandshaker {

    /** Header fields the handshaker writes itself; {@link ClientHandshake#headers()} may not set them. */
    private static final List<String> RESERVED = List.of("Host", "Upgrade", "Connection", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Content-Length",
            "Transfer-Encoding");

    private final WsConfig config;
    private final ClientHandshake spec;
    /** The factories that made at least one offer: the only ones a response may name (RFC 6455 §9.1). */
    private final List<WsExtensionFactory> offering;
    private final String expectedAccept;
    private final HandshakeRequest request;
    private HttpHeadParser parser;
    private List<WsExtension> extensions = List.of();
    private boolean done;

    /**
     * @param random the source of the key; {@code null} uses {@link WsConfig#random()}, else a {@link SecureRandom}
     * @throws IllegalArgumentException for a host or target with characters a request line cannot carry, or extra
     *                                  headers that the handshake writes itself
     */
    public ClientHandshaker(WsConfig config, ClientHandshake spec, List<WsExtensionFactory> extensionFactories,
                            RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.spec = Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(extensionFactories, "extensionFactories");
        checkVisible("request target", spec.target());
        checkVisible("host", spec.host());
        for (String name : RESERVED) {
            if (spec.headers().contains(name)) {
                throw new IllegalArgumentException("The header " + name + " is written by the handshake itself and "
                        + "cannot be added to the request.");
            }
        }
        RandomGenerator source = random != null ? random : config.random() != null ? config.random() : new SecureRandom();
        byte[] nonce = new byte[16];
        source.nextBytes(nonce); // RFC 6455 §4.1 item 7: a fresh random 16-byte nonce per connection
        String key = AcceptKey.encodeKey(nonce);
        this.expectedAccept = AcceptKey.compute(key);
        HttpHeaders.Builder h = HttpHeaders.builder()
                .add("Host", spec.host())
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", key)
                .add("Sec-WebSocket-Version", "13");
        if (!spec.subprotocols().isEmpty()) {
            h.add("Sec-WebSocket-Protocol", String.join(", ", spec.subprotocols()));
        }
        List<ExtensionParams> offers = new ArrayList<>(2);
        List<WsExtensionFactory> offering = new ArrayList<>(2);
        for (WsExtensionFactory f : extensionFactories) {
            List<ExtensionParams> own = f.clientOffers();
            if (!own.isEmpty()) {
                offers.addAll(own);
                offering.add(f);
            }
        }
        this.offering = List.copyOf(offering);
        if (!offers.isEmpty()) {
            h.add("Sec-WebSocket-Extensions", ExtensionHeaderParser.format(offers));
        }
        h.addAll(spec.headers());
        this.request = new HandshakeRequest("GET", spec.target(), "HTTP/1.1", h.build());
        this.parser = newParser();
    }

    private static void checkVisible(String what, String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("The " + what + " must not be empty.");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException("The " + what + " '" + s + "' holds a space, control or non-ASCII "
                        + "character; encode it first (RFC 3986 section 2.1).");
            }
        }
    }

    private HttpHeadParser newParser() {
        return new HttpHeadParser(config.maxHandshakeSize(), Violation.MALFORMED_RESPONSE,
                Violation.MALFORMED_RESPONSE, "response");
    }

    /** The request this client sends. */
    public HandshakeRequest handshakeRequest() {
        return request;
    }

    /** The bytes of the opening handshake request (RFC 6455 §4.1); a fresh buffer on every call, same key. */
    public ByteBuffer request() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("GET ").append(request.target()).append(" HTTP/1.1\r\n");
        for (HttpHeaders.Field f : request.headers().fields()) {
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        sb.append("\r\n");
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Consumes response-head bytes from {@code in}. Returns {@code null} while the head is incomplete (all of
     * {@code in} buffered); then {@link WsEvent.HandshakeAccepted} for a valid {@code 101} or
     * {@link WsEvent.HandshakeRejected} for any final status other than 101, with {@code in} positioned just after
     * the head. Interim 1xx responses other than 101 are skipped (RFC 9110 §15.2).
     *
     * @throws WsProtocolException when the response breaks RFC 6455 §4.1
     */
    public WsEvent parse(ByteBuffer in) {
        if (done) {
            throw new IllegalStateException("The handshake response was already read.");
        }
        while (true) {
            HttpHeadParser.Head head = parser.parse(in);
            if (head == null) {
                return null;
            }
            StatusLine status = statusLine(head.startLine());
            if (status.code >= 100 && status.code < 200 && status.code != 101) {
                parser = newParser(); // RFC 9110 §15.2: an interim response; the final one follows
                continue;
            }
            HttpResponse response = new HttpResponse(status.code, status.reason, head.headers(), null);
            if (status.code != 101) {
                done = true;
                return new WsEvent.HandshakeRejected(response);
            }
            WsEvent event = accepted(status, response);
            done = true;
            return event;
        }
    }

    /** The negotiated extensions, in the order they apply; valid after {@link WsEvent.HandshakeAccepted}. */
    public List<WsExtension> extensions() {
        return extensions;
    }

    private record StatusLine(int version, int code, String reason) {
    }

    /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. */
    private static StatusLine statusLine(String line) {
        int version = line.length() >= 12 ? RequestValidator.version(line.substring(0, 8)) : -1;
        boolean ok = version >= 10 && line.charAt(8) == ' ' && (line.length() == 12 || line.charAt(12) == ' ');
        int code = 0;
        for (int i = 9; ok && i < 12; i++) {
            char c = line.charAt(i);
            ok = c >= '0' && c <= '9';
            code = code * 10 + (c - '0');
        }
        if (!ok || code < 100) {
            throw new WsProtocolException(Violation.MALFORMED_RESPONSE, "The status line '"
                    + HttpHeadParser.quote(line) + "' is not of the form 'HTTP/1.1 101 Switching Protocols' "
                    + "(RFC 9112 section 4).");
        }
        return new StatusLine(version, code, line.length() > 13 ? line.substring(13) : "");
    }

    private WsEvent accepted(StatusLine status, HttpResponse response) {
        HttpHeaders h = response.headers();
        if (status.version < 11) {
            throw new WsProtocolException(Violation.MALFORMED_RESPONSE, "The 101 response uses HTTP/1.0 but a "
                    + "WebSocket upgrade needs HTTP/1.1 or later (RFC 6455 section 4.1).");
        }
        // RFC 6455 §4.1, response checks 2 and 3: Upgrade: websocket and Connection: Upgrade.
        List<String> upgrade = h.tokens("Upgrade");
        if (upgrade.size() != 1 || !upgrade.get(0).equalsIgnoreCase("websocket")) {
            throw new WsProtocolException(Violation.RESPONSE_NOT_UPGRADE, "The 101 response does not carry "
                    + "'Upgrade: websocket' (RFC 6455 section 4.1).");
        }
        if (!h.containsToken("Connection", "Upgrade")) {
            throw new WsProtocolException(Violation.RESPONSE_NOT_UPGRADE, "The 101 response has no Connection "
                    + "header listing 'Upgrade' (RFC 6455 section 4.1).");
        }
        // RFC 6455 §4.1, response check 4: the exact Sec-WebSocket-Accept for the key sent.
        List<String> accepts = h.getAll("Sec-WebSocket-Accept");
        if (accepts.size() != 1) {
            throw new WsProtocolException(Violation.BAD_ACCEPT, "The 101 response has "
                    + (accepts.isEmpty() ? "no Sec-WebSocket-Accept header" : accepts.size() + " Sec-WebSocket-Accept headers")
                    + " but must have exactly one (RFC 6455 section 4.1).");
        }
        if (!accepts.get(0).equals(expectedAccept)) {
            throw new WsProtocolException(Violation.BAD_ACCEPT, "The Sec-WebSocket-Accept value '"
                    + HttpHeadParser.quote(accepts.get(0)) + "' does not match '" + expectedAccept
                    + "', the value for the key sent (RFC 6455 section 4.1).");
        }
        String subprotocol = subprotocol(h);
        List<ExtensionParams> answered;
        try {
            answered = ExtensionHeaderParser.parse(h.getAll("Sec-WebSocket-Extensions"));
        } catch (WsProtocolException e) {
            throw new WsProtocolException(Violation.MALFORMED_RESPONSE, e.getMessage(), e);
        }
        List<WsExtension> created = negotiate(answered);
        List<ExtensionParams> params = new ArrayList<>(created.size());
        for (WsExtension e : created) {
            params.add(e.params());
        }
        extensions = List.copyOf(created);
        return new WsEvent.HandshakeAccepted(request, response, subprotocol, params);
    }

    /** RFC 6455 §4.1, response check 6: at most one subprotocol, and one that was offered. */
    private String subprotocol(HttpHeaders h) {
        List<String> values = h.getAll("Sec-WebSocket-Protocol");
        if (values.isEmpty()) {
            return null;
        }
        String chosen = values.get(0);
        if (values.size() > 1 || chosen.indexOf(',') >= 0) {
            throw new WsProtocolException(Violation.UNOFFERED_SUBPROTOCOL, "The server chose more than one "
                    + "subprotocol ('" + HttpHeadParser.quote(String.join(", ", values)) + "') but must choose at most "
                    + "one of those offered (RFC 6455 section 4.1).");
        }
        if (!spec.subprotocols().contains(chosen)) {
            throw new WsProtocolException(Violation.UNOFFERED_SUBPROTOCOL, "The server chose the subprotocol '"
                    + HttpHeadParser.quote(chosen) + "', which was not offered (RFC 6455 section 4.1).");
        }
        return chosen;
    }

    /** RFC 6455 §4.1, response check 5: only offered extensions, each once, accepted by its factory. */
    private List<WsExtension> negotiate(List<ExtensionParams> answered) {
        List<WsExtension> out = new ArrayList<>(answered.size());
        List<WsExtensionFactory> used = new ArrayList<>(answered.size());
        try {
            for (ExtensionParams a : answered) {
                WsExtensionFactory factory = null;
                for (WsExtensionFactory f : offering) {
                    if (f.name().equalsIgnoreCase(a.name())) {
                        factory = f;
                        break;
                    }
                }
                if (factory == null) {
                    throw new WsProtocolException(Violation.UNOFFERED_EXTENSION, "The server accepted the extension '"
                            + a.name() + "', which was not offered (RFC 6455 section 9.1).");
                }
                if (used.contains(factory)) {
                    throw new WsProtocolException(Violation.UNOFFERED_EXTENSION, "The server accepted the extension '"
                            + a.name() + "' more than once (RFC 6455 section 9.1).");
                }
                used.add(factory);
                WsExtension e = factory.acceptResponse(a, Role.CLIENT);
                if (e == null) {
                    throw new WsProtocolException(Violation.UNOFFERED_EXTENSION, "The server accepted the extension '"
                            + a.name() + "' with parameters that fit no offer (RFC 6455 section 9.1).");
                }
                out.add(e);
            }
        } catch (RuntimeException e) {
            out.forEach(WsExtension::release);
            throw e;
        }
        return out;
    }
}
