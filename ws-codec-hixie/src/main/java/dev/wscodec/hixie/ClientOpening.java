package dev.wscodec.hixie;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The client side of the opening handshake of draft-hixie-76 (section 4.1): the request with two keys and eight
 * key bytes, then the response head and its 16-byte answer, read in any split and checked.
 */
final class ClientOpening {

    /** What is being read. */
    enum Step {
        /** The response head. */
        HEAD,
        /** The 16 bytes of the answer after a 101 head. */
        ANSWER,
        /** Everything was read. */
        DONE
    }

    private static final String RESPONSE = "The server's draft-hixie-76 handshake response";
    private static final List<String> RESERVED = List.of("Host", "Upgrade", "Connection", "Sec-WebSocket-Key1",
            "Sec-WebSocket-Key2", "Sec-WebSocket-Protocol", "Content-Length", "Transfer-Encoding");

    private final HandshakeRequest request;
    private final ByteBuffer requestBytes;
    private final byte[] expected;
    private final String protocol;
    private HeadReader reader;
    private Step step = Step.HEAD;
    private HttpHeaders responseHeaders;
    private String reason;
    private final FixedBytes answer = new FixedBytes(KeyChallenge.ANSWER_LENGTH);

    /** @throws IllegalArgumentException for more than one subprotocol, or a header the handshake writes itself */
    ClientOpening(WsConfig config, ClientHandshake spec, RandomGenerator random) {
        if (spec.subprotocols().size() > 1) {
            throw new IllegalArgumentException("A draft-hixie-76 client asks for one subprotocol at most, not "
                    + spec.subprotocols() + " (draft-hixie-76 section 4.1 step 12).");
        }
        for (String name : RESERVED) {
            if (spec.headers().contains(name)) {
                throw new IllegalArgumentException("The header " + name + " is written by the handshake itself.");
            }
        }
        this.protocol = spec.subprotocols().isEmpty() ? null : spec.subprotocols().get(0);
        KeyChallenge.Key key1 = KeyChallenge.newKey(random);
        KeyChallenge.Key key2 = KeyChallenge.newKey(random);
        byte[] key3 = new byte[KeyChallenge.KEY3_LENGTH];
        random.nextBytes(key3);
        this.expected = KeyChallenge.answer(key1.number(), key2.number(), key3);
        HttpHeaders.Builder h = HttpHeaders.builder()
                .add("Upgrade", "WebSocket")
                .add("Connection", "Upgrade")
                .add("Host", spec.host());
        if (protocol != null) {
            h.add("Sec-WebSocket-Protocol", protocol);
        }
        h.add("Sec-WebSocket-Key1", key1.value()).add("Sec-WebSocket-Key2", key2.value()).addAll(spec.headers());
        HttpHeaders headers = h.build();
        this.request = new HandshakeRequest("GET", spec.target(), "HTTP/1.1", headers);
        this.requestBytes = HttpWire.headThen("GET " + spec.target() + " HTTP/1.1", headers, key3);
        this.reader = new HeadReader(config.maxHandshakeSize(), Violation.MALFORMED_RESPONSE,
                Violation.MALFORMED_RESPONSE, "response");
    }

    /** The request head and the eight key bytes, to write first. */
    ByteBuffer request() {
        return requestBytes.asReadOnlyBuffer();
    }

    /**
     * Consumes response bytes. Returns {@code null} while incomplete; then {@link WsEvent.HandshakeAccepted} or,
     * for a status other than 101, {@link WsEvent.HandshakeRejected}, with {@code in} just after what it read.
     *
     * @throws WsProtocolException for a response that fails the connection (draft-hixie-76 section 4.1 steps 31-42)
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
                    int status = statusLine(head.startLine());
                    responseHeaders = head.headers();
                    if (status != 101) {
                        step = Step.DONE;
                        return new WsEvent.HandshakeRejected(new HttpResponse(status, reason, responseHeaders, null));
                    }
                    check(responseHeaders);
                    step = Step.ANSWER;
                }
                case ANSWER -> {
                    if (!answer.fill(in)) {
                        return null;
                    }
                    step = Step.DONE;
                    // draft-hixie-76 section 4.1 step 42: the answer must be the MD5 the client expects.
                    if (!Arrays.equals(answer.bytes(), expected)) {
                        throw new WsProtocolException(Violation.BAD_ACCEPT, RESPONSE + " answers the key challenge "
                                + "with the wrong 16 bytes (draft-hixie-76 section 4.1 step 42).");
                    }
                    HttpResponse response = new HttpResponse(101, reason, responseHeaders, ByteBuffer.wrap(answer.bytes().clone()));
                    return new WsEvent.HandshakeAccepted(request, response, protocol, List.of());
                }
                default -> throw new WsUsageException("The response was already read.");
            }
        }
    }

    private int statusLine(String line) {
        // draft-hixie-76 section 4.1 step 31: "HTTP/1.1" SP three digits SP reason
        if (line.length() < 12 || !line.startsWith("HTTP/1.1 ") || line.charAt(12) != ' '
                || !line.substring(9, 12).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new WsProtocolException(Violation.MALFORMED_RESPONSE, "The status line '" + HeadReader.quote(line)
                    + "' is not of the form 'HTTP/1.1 101 reason' (draft-hixie-76 section 4.1 step 31).");
        }
        reason = line.substring(13);
        return Integer.parseInt(line.substring(9, 12));
    }

    /** draft-hixie-76 section 4.1 steps 32-41. */
    private void check(HttpHeaders h) {
        if (!"WebSocket".equals(h.get("Upgrade")) || !"Upgrade".equals(h.get("Connection"))) {
            throw new WsProtocolException(Violation.RESPONSE_NOT_UPGRADE, RESPONSE + " must carry 'Upgrade: "
                    + "WebSocket' and 'Connection: Upgrade' (draft-hixie-76 section 4.1 step 41).");
        }
        String origin = request.origin();
        if (origin != null && !origin.equals(h.get("Sec-WebSocket-Origin"))) {
            throw new WsProtocolException(Violation.RESPONSE_NOT_UPGRADE, RESPONSE + " names the origin '"
                    + HeadReader.quote(String.valueOf(h.get("Sec-WebSocket-Origin"))) + "' instead of '"
                    + HeadReader.quote(origin) + "' (draft-hixie-76 section 4.1 step 41).");
        }
        String location = h.get("Sec-WebSocket-Location");
        String suffix = "://" + request.host() + request.target();
        if (location == null || !(location.equals("ws" + suffix) || location.equals("wss" + suffix))) {
            throw new WsProtocolException(Violation.RESPONSE_NOT_UPGRADE, RESPONSE + " names the location '"
                    + HeadReader.quote(String.valueOf(location)) + "' instead of ws" + HeadReader.quote(suffix)
                    + " (draft-hixie-76 section 4.1 step 41).");
        }
        String answered = h.get("Sec-WebSocket-Protocol");
        if (answered == null ? protocol != null : !answered.equals(protocol)) {
            throw new WsProtocolException(Violation.UNOFFERED_SUBPROTOCOL, RESPONSE + " answers the protocol '"
                    + HeadReader.quote(String.valueOf(answered)) + "' but the client asked for '" + protocol
                    + "' (draft-hixie-76 section 4.1 step 41).");
        }
    }
}
