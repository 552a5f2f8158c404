package dev.wscodec.hixie;

import dev.wscodec.api.Accept;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The server side of the opening handshake of draft-hixie-76 (section 5.2) and draft-hixie-75 (section 4.2):
 * reads the request head and, for 76, the eight key bytes after it, in any split; checks the request; builds the
 * {@code 101} answer with the origin, the location ({@code ws} or {@code wss}, the request's host and path), the
 * echoed protocol and, for 76, the 16-byte answer to the key challenge.
 */
final class ServerOpening {

    /** What is being read. */
    enum Step {
        /** The request head. */
        HEAD,
        /** The eight key bytes after a draft-76 head. */
        KEY3,
        /** Everything was read. */
        DONE
    }

    /** A checked upgrade request. {@code draft} is 75 or 76; the numbers are those of the keys (76 only). */
    private record Checked(HandshakeRequest request, int draft, long number1, long number2, String protocol) {
    }

    private static final String REQUEST = "The draft-hixie-76 upgrade request";
    /** Header fields the handshake writes itself; {@link Accept#headers()} may not set them. */
    private static final List<String> RESERVED = List.of("Upgrade", "Connection", "Sec-WebSocket-Origin",
            "Sec-WebSocket-Location", "Sec-WebSocket-Protocol", "WebSocket-Origin", "WebSocket-Location",
            "WebSocket-Protocol", "Content-Length", "Transfer-Encoding");

    private final WsConfig config;
    private final boolean secure;
    private HeadReader reader;
    private String startLine;
    private Step step = Step.HEAD;
    private HandshakeRequest request;
    private Checked checked;
    private FixedBytes key3;

    ServerOpening(WsConfig config, boolean secure) {
        this.config = config;
        this.secure = secure;
        this.reader = new HeadReader(config.maxHandshakeSize(), Violation.MALFORMED_REQUEST, Violation.HEAD_TOO_LARGE,
                "request");
    }

    /**
     * Consumes handshake bytes of {@code in}. Returns {@code null} while incomplete; then an
     * {@link WsEvent.UpgradeRequest} or a {@link WsEvent.PlainHttpRequest}, with {@code in} just after what it read.
     *
     * @throws WsProtocolException for a request to refuse, with the violated rule and its HTTP status
     */
    WsEvent read(ByteBuffer in) {
        while (true) {
            switch (step) {
                case HEAD -> {
                    HeadReader.Head head = reader.read(in);
                    if (head == null) {
                        return null;
                    }
                    reader = null;
                    startLine = head.startLine();
                    request = requestLine(head);
                    if (!request.isUpgrade()) {
                        step = Step.DONE;
                        return new WsEvent.PlainHttpRequest(request);
                    }
                    checked = check(request);
                    if (checked.draft() == 75) {
                        step = Step.DONE;
                        return new WsEvent.UpgradeRequest(request);
                    }
                    key3 = new FixedBytes(KeyChallenge.KEY3_LENGTH);
                    step = Step.KEY3;
                }
                case KEY3 -> {
                    // draft-hixie-76 section 5.2 step 8: the eight bytes after the head; they may come in any split.
                    if (!key3.fill(in)) {
                        return null;
                    }
                    step = Step.DONE;
                    return new WsEvent.UpgradeRequest(request);
                }
                default -> throw new WsUsageException("The request was already read.");
            }
        }
    }

    private static HandshakeRequest requestLine(HeadReader.Head head) {
        String[] parts = head.startLine().split(" ", -1);
        if (parts.length != 3 || !HeadReader.isToken(parts[0]) || parts[1].isEmpty()
                || !parts[2].matches("HTTP/[0-9]\\.[0-9]")) {
            throw new WsProtocolException(Violation.MALFORMED_REQUEST, "The request line '"
                    + HeadReader.quote(head.startLine()) + "' is not of the form 'METHOD target HTTP/1.1' (RFC 9112 "
                    + "section 3).");
        }
        return new HandshakeRequest(parts[0], parts[1], parts[2], head.headers());
    }

    /** draft-hixie-76 section 5.1 and 5.2; draft-hixie-75 section 4.2. */
    private Checked check(HandshakeRequest r) {
        HttpHeaders h = r.headers();
        if (!r.method().equals("GET")) {
            throw new WsProtocolException(Violation.METHOD_NOT_GET, REQUEST + " uses the method " + r.method()
                    + " but must use GET (draft-hixie-76 section 4.1 step 7).");
        }
        if (!r.version().equals("HTTP/1.1")) {
            throw new WsProtocolException(Violation.HTTP_VERSION_TOO_OLD, REQUEST + " uses " + r.version()
                    + " but must use HTTP/1.1 (draft-hixie-76 section 4.1 step 7).");
        }
        if (!r.target().startsWith("/")) {
            throw new WsProtocolException(Violation.MALFORMED_REQUEST, REQUEST + " has the target '"
                    + HeadReader.quote(r.target()) + "' but must name an absolute path (draft-hixie-76 section 4.1).");
        }
        List<String> hosts = h.getAll("Host");
        if (hosts.size() != 1 || hosts.get(0).isEmpty()) {
            throw new WsProtocolException(Violation.MISSING_HOST, REQUEST + " must have exactly one, non-empty Host "
                    + "header (draft-hixie-76 section 5.1).");
        }
        if (!h.containsToken("Connection", "Upgrade")) {
            throw new WsProtocolException(Violation.CONNECTION_NOT_UPGRADE, REQUEST
                    + " has no Connection header listing 'Upgrade' (draft-hixie-76 section 4.1 step 7).");
        }
        String length = h.get("Content-Length");
        if (h.contains("Transfer-Encoding") || (length != null && !length.equals("0"))) {
            throw new WsProtocolException(Violation.MALFORMED_REQUEST, REQUEST + " announces a body with "
                    + "Content-Length or Transfer-Encoding, but what follows its head is the key and frames.");
        }
        if (h.contains("Sec-WebSocket-Version") || h.contains("Sec-WebSocket-Key")) {
            // An RFC 6455 request reached this provider alone (no ProviderSelection in front): do not answer it
            // with a draft handshake its client cannot read.
            throw new WsProtocolException(Violation.UNSUPPORTED_VERSION, "The request asks for RFC 6455 "
                    + "(Sec-WebSocket-Version or Sec-WebSocket-Key), but this server speaks only draft-hixie-75/76.");
        }
        checkOrigin(h.get("Origin"));
        List<String> key1 = h.getAll("Sec-WebSocket-Key1");
        List<String> key2 = h.getAll("Sec-WebSocket-Key2");
        if (key1.isEmpty() && key2.isEmpty()) {
            return new Checked(r, 75, 0, 0, protocol(h, "WebSocket-Protocol"));
        }
        if (key1.size() != 1 || key2.size() != 1) {
            throw new WsProtocolException(Violation.BAD_KEY, REQUEST + " must have exactly one Sec-WebSocket-Key1 "
                    + "and one Sec-WebSocket-Key2 header (draft-hixie-76 section 4.1 step 23).");
        }
        long n1 = KeyChallenge.keyNumber("Sec-WebSocket-Key1", key1.get(0));
        long n2 = KeyChallenge.keyNumber("Sec-WebSocket-Key2", key2.get(0));
        return new Checked(r, 76, n1, n2, protocol(h, "Sec-WebSocket-Protocol"));
    }

    private void checkOrigin(String origin) {
        if (config.allowedOrigins().isEmpty()) {
            return;
        }
        if (origin != null) {
            for (String allowed : config.allowedOrigins()) {
                if (allowed.equalsIgnoreCase(origin)) {
                    return;
                }
            }
        }
        throw new WsProtocolException(Violation.ORIGIN_NOT_ALLOWED, "The origin '"
                + (origin == null ? "(none)" : HeadReader.quote(origin)) + "' is not allowed to open a WebSocket "
                + "(draft-hixie-76 section 5.1).");
    }

    /** The protocol asked for: one value of printable ASCII (draft-hixie-76 section 4.1 step 12), or null. */
    private static String protocol(HttpHeaders h, String name) {
        List<String> values = h.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        String p = values.get(0);
        if (values.size() > 1 || p.isEmpty() || !p.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER, REQUEST + " must have at most one "
                    + name + " header, a non-empty value of printable ASCII (draft-hixie-76 section 4.1 step 12).");
        }
        return p;
    }

    /**
     * Whether the request line read so far names the method HEAD, whose answers carry no content (RFC 9110 section
     * 9.3.2); known as soon as the request line has arrived, so also for a head refused as malformed or too large.
     */
    boolean headMethod() {
        String line = startLine != null ? startLine : reader != null ? reader.startLine() : null;
        return line != null && line.startsWith("HEAD ");
    }

    /** The request that was read, or {@code null} before. */
    HandshakeRequest request() {
        return request;
    }

    /**
     * The {@code 101} answer and the completed handshake.
     *
     * @throws WsUsageException if the request is not an upgrade, {@code accept.subprotocol()} is not the one asked
     *                          for, or {@code accept.headers()} sets a header the handshake writes itself
     */
    Accepted accept(Accept accept) {
        if (checked == null || step != Step.DONE) {
            throw new WsUsageException("There is no WebSocket upgrade request to accept.");
        }
        for (String name : RESERVED) {
            if (accept.headers().contains(name)) {
                throw new WsUsageException("The header " + name + " is written by the handshake itself and cannot be "
                        + "added when accepting.");
            }
        }
        String protocol = chooseProtocol(accept.subprotocol());
        boolean v76 = checked.draft() == 76;
        String prefix = v76 ? "Sec-WebSocket-" : "WebSocket-";
        HttpHeaders.Builder h = HttpHeaders.builder().add("Upgrade", "WebSocket").add("Connection", "Upgrade");
        String origin = request.origin();
        if (origin != null) {
            h.add(prefix + "Origin", origin);
        }
        h.add(prefix + "Location", (secure ? "wss://" : "ws://") + request.host() + request.target());
        if (protocol != null) {
            h.add(prefix + "Protocol", protocol);
        }
        h.addAll(accept.headers());
        HttpHeaders headers = h.build();
        String reason = v76 ? "WebSocket Protocol Handshake" : "Web Socket Protocol Handshake";
        byte[] answer = v76 ? KeyChallenge.answer(checked.number1(), checked.number2(), key3.bytes()) : new byte[0];
        ByteBuffer bytes = HttpWire.headThen("HTTP/1.1 101 " + reason, headers, answer);
        HttpResponse response = new HttpResponse(101, reason, headers, ByteBuffer.wrap(answer));
        return new Accepted(bytes, new WsEvent.HandshakeAccepted(request, response, protocol, List.of()));
    }

    /** The {@code 101} bytes to write and the completed handshake. */
    record Accepted(ByteBuffer bytes, WsEvent.HandshakeAccepted event) {
    }

    /** The protocol asked for is echoed unless the server names its protocols and this is not one of them. */
    private String chooseProtocol(String wanted) {
        String asked = checked.protocol();
        if (wanted != null) {
            if (!wanted.equals(asked)) {
                throw new WsUsageException("The subprotocol '" + wanted + "' cannot be chosen because the client "
                        + (asked == null ? "asked for none" : "asked for '" + asked + "'")
                        + " (draft-hixie-76 section 5.2).");
            }
            return wanted;
        }
        if (asked == null) {
            return null;
        }
        return config.subprotocols().isEmpty() || config.subprotocols().contains(asked) ? asked : null;
    }

    /** The draft of the request read: 75 or 76 (0 before the head was read or for a plain request). */
    int draft() {
        return checked == null ? 0 : checked.draft();
    }
}
