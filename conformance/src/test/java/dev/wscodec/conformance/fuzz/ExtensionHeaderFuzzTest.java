package dev.wscodec.conformance.fuzz;

import static dev.wscodec.conformance.fuzz.FuzzSupport.CONFIG;
import static dev.wscodec.conformance.fuzz.HandshakeFuzzTest.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The Sec-WebSocket-Extensions parser and permessage-deflate negotiation, both roles: the input (as Latin-1) is the
 * header value of an otherwise valid request (server) or 101 response (client). A negotiated connection must then
 * carry a compressed message both ways.
 */
class ExtensionHeaderFuzzTest {

    private static final WsConfig DEFLATE = CONFIG.toBuilder().deflate(DeflateConfig.DEFAULT).build();

    @FuzzTest(maxDuration = "60s")
    void serverNegotiatesOffer(byte[] input) {
        FuzzSupport.withinAllocationBound(input.length, DEFLATE, () -> serverNegotiates(input));
    }

    private static void serverNegotiates(byte[] input) {
        String request = "GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: " + new String(input, StandardCharsets.ISO_8859_1) + "\r\n\r\n";
        WsEngine server = FuzzSupport.PROVIDER.newServerEngine(DEFLATE);
        try {
            List<WsEvent> events = FuzzSupport.feed(server, DEFLATE, request.getBytes(StandardCharsets.ISO_8859_1),
                    Integer.MAX_VALUE);
            if (server.state() != WsEngine.State.AWAITING_DECISION) {
                return;
            }
            check(events.get(0) instanceof WsEvent.UpgradeRequest, "Awaiting a decision without an upgrade request.");
            try {
                server.accept(Accept.DEFAULT);
            } catch (WsProtocolException e) {
                check(e.httpStatus() == 400, "A bad offer must be answered with 400, not " + e.httpStatus());
                return;
            }
            List<ExtensionParams> agreed = server.handshake().extensions();
            check(agreed.size() <= 1, "More than one extension agreed: " + agreed);
        } finally {
            server.release();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void clientChecksAnswer(byte[] input) {
        FuzzSupport.withinAllocationBound(input.length, DEFLATE, () -> clientChecks(input));
    }

    private static void clientChecks(byte[] input) {
        WsConfig config = FuzzSupport.seeded(DEFLATE);
        WsEngine client = FuzzSupport.PROVIDER.newClientEngine(config, ClientHandshake.of("localhost:9001", "/"));
        String key = keyOf(client.openingHandshake());
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptOf(key) + "\r\n"
                + "Sec-WebSocket-Extensions: " + new String(input, StandardCharsets.ISO_8859_1) + "\r\n\r\n";
        try {
            FuzzSupport.feed(client, config, response.getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE);
            if (client.state() == WsEngine.State.OPEN) {
                List<ExtensionParams> agreed = client.handshake().extensions();
                check(agreed.size() <= 1, "More than one extension agreed: " + agreed);
                ByteBuffer frame = client.send(TextMessage.of("x".repeat(200)));
                check(frame.remaining() > 0, "Nothing encoded.");
            }
        } finally {
            client.release();
        }
    }

    static String keyOf(ByteBuffer request) {
        String head = StandardCharsets.ISO_8859_1.decode(request).toString();
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
                return line.substring(18).trim();
            }
        }
        throw new AssertionError("No Sec-WebSocket-Key in " + head);
    }

    static String acceptOf(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
