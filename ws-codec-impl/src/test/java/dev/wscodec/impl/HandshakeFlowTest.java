package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.PROVIDER;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEngine.Initiator;
import dev.wscodec.api.WsEngine.State;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the engine drives the opening handshake (the handshake rules themselves are tested in .handshake). */
class HandshakeFlowTest {

    private static final String REQUEST = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuffer b) {
        return new String(TestSupport.bytes(b), StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesInTheSameReadAsTheRequestAreKeptUntilAccepted() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        byte[] wire = concat(ascii(REQUEST), clientFrame(0x81, ascii("Hello"), KEY));
        List<WsEvent> events = server.receive(ByteBuffer.wrap(wire, 0, wire.length - 3));
        assertEquals(1, events.size());
        assertEquals("/chat", assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0)).request().target());
        assertEquals(State.AWAITING_DECISION, server.state());
        assertTrue(server.receive(ByteBuffer.wrap(wire, wire.length - 3, 3)).isEmpty(), "kept, not decoded");
        assertThrows(WsUsageException.class, () -> server.send(TextMessage.of("early")));

        String response = text(server.accept(Accept.DEFAULT));
        assertTrue(response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), response);
        assertTrue(response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), response);
        assertEquals(State.OPEN, server.state());
        assertEquals(List.of(TextMessage.of("Hello")), server.receive(ByteBuffer.allocate(0)));
        assertEquals("/chat", server.handshake().request().target());
    }

    @Test
    void bytesKeptWhileDecidingAreBounded() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.builder().maxFrameSize(200).build());
        server.receive(ByteBuffer.wrap(concat(ascii(REQUEST), new byte[150])));
        server.receive(ByteBuffer.wrap(new byte[64])); // 214 bytes: one largest frame with its header still fits
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> server.receive(ByteBuffer.wrap(new byte[1])));
        assertEquals(Violation.MALFORMED_REQUEST, e.violation());
        assertEquals("The client sent more than 214 bytes after its opening handshake without waiting for the "
                + "response (RFC 6455 section 4.1).", e.getMessage());
        assertTrue(text(server.pollOutput()).startsWith("HTTP/1.1 400 "));
        assertEquals(State.CLOSED, server.state());
        assertThrows(WsUsageException.class, () -> server.accept(Accept.DEFAULT));
    }

    @Test
    void acceptingInsideTheCallbackDecodesTheRestOfTheRead() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        List<Object> seen = new ArrayList<>();
        byte[] wire = concat(ascii(REQUEST), clientFrame(0x81, ascii("Hello"), KEY));
        server.receive(ByteBuffer.wrap(wire), e -> {
            seen.add(e);
            if (e instanceof WsEvent.UpgradeRequest) {
                seen.add(text(server.accept(Accept.DEFAULT)).substring(0, 12));
            }
        });
        assertEquals(3, seen.size());
        assertEquals("HTTP/1.1 101", seen.get(1));
        assertEquals(TextMessage.of("Hello"), seen.get(2));
    }

    @Test
    void rejectAnswersAndCloses() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        server.receive(ByteBuffer.wrap(ascii(REQUEST)));
        String response = text(server.reject(HttpResponse.of(403)));
        assertTrue(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response);
        assertEquals(State.CLOSED, server.state());
        assertEquals(Initiator.LOCAL, server.closeInitiator());
        assertTrue(server.receive(ByteBuffer.wrap(clientFrame(0x81, ascii("x"), KEY))).isEmpty());
        assertThrows(WsUsageException.class, () -> server.accept(Accept.DEFAULT));
    }

    @Test
    void plainHttpRequestCanOnlyBeRejected() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        List<WsEvent> events = server.receive(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertInstanceOf(WsEvent.PlainHttpRequest.class, events.get(0));
        assertEquals(State.AWAITING_DECISION, server.state());
        WsUsageException e = assertThrows(WsUsageException.class, () -> server.accept(Accept.DEFAULT));
        assertEquals("The request is a plain HTTP request, not a WebSocket upgrade, so it cannot be accepted; answer "
                + "it with reject(HttpResponse).", e.getMessage());
        assertTrue(text(server.reject(HttpResponse.of(426))).startsWith("HTTP/1.1 426 "));
        assertEquals(State.CLOSED, server.state());
    }

    @Test
    void theAnswerToHeadIsTheHeadOfTheAnswerToGet() {
        HttpResponse page = HttpResponse.of(200, dev.wscodec.api.HttpHeaders.EMPTY, "text/plain", "twelve bytes");
        WsEngine get = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        get.receive(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
        String toGet = text(get.reject(page));
        assertTrue(toGet.endsWith("Content-Length: 12\r\n\r\ntwelve bytes"), toGet);

        WsEngine head = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        head.receive(ByteBuffer.wrap(ascii("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")));
        // RFC 9110 section 9.3.2: the same header fields, no content
        assertEquals(toGet.substring(0, toGet.length() - "twelve bytes".length()), text(head.reject(page)));
        assertEquals(State.CLOSED, head.state());

        // A handler that knows the length without building the body sets it; it is kept for HEAD only.
        HttpResponse lengthOnly = new HttpResponse(200, "OK", dev.wscodec.api.HttpHeaders.of("Content-Length", "4096"),
                null);
        WsEngine known = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        known.receive(ByteBuffer.wrap(ascii("HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4096\r\n\r\n",
                text(known.reject(lengthOnly)));
        WsEngine getKnown = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        getKnown.receive(ByteBuffer.wrap(ascii("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertEquals("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                text(getKnown.reject(lengthOnly)),
                "a GET gets the body it is given");

        WsEngine bad = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        bad.receive(ByteBuffer.wrap(ascii("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")));
        WsUsageException e = assertThrows(WsUsageException.class, () -> bad.reject(new HttpResponse(200, "OK",
                dev.wscodec.api.HttpHeaders.of("Content-Length", "-1"), null)));
        assertEquals("The Content-Length of a response to HEAD must be a decimal number of bytes (RFC 9110 section "
                + "8.6) but was '-1'.", e.getMessage());
    }

    @Test
    void theCodecsOwnRefusalOfAHeadRequestHasNoBody() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> server.receive(ByteBuffer.wrap(ascii("HEAD / HTTP/1.1\r\n\r\n"))));   // no Host
        assertEquals(400, e.httpStatus());
        String head = text(server.pollOutput());
        assertTrue(head.startsWith("HTTP/1.1 400 ") && head.endsWith("\r\n\r\n"), "no body after the head: " + head);
        assertTrue(head.matches("(?s).*\r\nContent-Length: [1-9][0-9]*\r\n.*"), "GET's length: " + head);
        WsEngine get = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        assertThrows(WsProtocolException.class, () -> get.receive(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n\r\n"))));
        assertTrue(text(get.pollOutput()).endsWith("\n\r\n" + e.getMessage() + "\n"), "a GET gets the text");
    }

    /**
     * The method is known once the request line has arrived, so a HEAD whose head is then malformed (400) or too
     * large (431) gets the head of the refusal only, at every split, and the same head a GET gets with the text.
     */
    @Test
    void aHeadRequestWhoseHeadIsMalformedOrTooLargeGetsNoBody() {
        WsConfig small = WsConfig.builder().maxHandshakeSize(256).build();
        String folded = "HEAD / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n";             // obsolete line folding
        String big = "HEAD / HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(300) + "\r\n\r\n";
        for (String request : List.of(folded, big)) {
            byte[] wire = ascii(request);
            String toGet = null;
            for (int at = 0; at <= wire.length; at++) {
                WsEngine head = PROVIDER.newServerEngine(small);
                int split = at;
                WsProtocolException e = assertThrows(WsProtocolException.class, () -> {
                    head.receive(ByteBuffer.wrap(wire, 0, split));
                    head.receive(ByteBuffer.wrap(wire, split, wire.length - split));
                });
                WsEngine get = PROVIDER.newServerEngine(small);
                assertThrows(WsProtocolException.class,
                        () -> get.receive(ByteBuffer.wrap(ascii(request.replace("HEAD ", "GET ")))));
                toGet = text(get.pollOutput());
                assertTrue(toGet.endsWith("\r\n\r\n" + e.getMessage() + "\n"), toGet);
                assertEquals(toGet.substring(0, toGet.length() - e.getMessage().length() - 1),
                        text(head.pollOutput()), "split at " + split);
            }
            assertTrue(toGet.startsWith(request == big ? "HTTP/1.1 431 " : "HTTP/1.1 400 "), toGet);
        }
    }

    @Test
    void badRequestQueuesTheHttpErrorAndCloses() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        String noKey = REQUEST.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "");
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> server.receive(ByteBuffer.wrap(ascii(noKey))));
        assertEquals(Violation.BAD_KEY, e.violation());
        assertEquals(400, e.httpStatus());
        assertTrue(text(server.pollOutput()).startsWith("HTTP/1.1 400 "));
        assertEquals(State.CLOSED, server.state());
        assertEquals(Initiator.FAILURE, server.closeInitiator());
        assertEquals(CloseStatus.ABNORMAL, server.closeStatus());
        assertTrue(server.receive(ByteBuffer.wrap(ascii(REQUEST))).isEmpty(), "input after the failure is ignored");
    }

    @Test
    void serverUsageErrors() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        assertThrows(WsUsageException.class, server::openingHandshake);
        WsUsageException e = assertThrows(WsUsageException.class, () -> server.accept(Accept.DEFAULT));
        assertEquals("There is no pending request to accept; the engine is HANDSHAKE.", e.getMessage());
        assertThrows(WsUsageException.class, () -> server.reject(HttpResponse.of(404)));
        assertNull(server.handshake());
    }

    @Test
    void clientUsageErrors() {
        WsEngine client = PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("h", "/"));
        assertThrows(WsUsageException.class, () -> client.receive(ByteBuffer.wrap(ascii("HTTP/1.1 101 "))));
        assertThrows(WsUsageException.class, () -> client.accept(Accept.DEFAULT));
        assertThrows(WsUsageException.class, () -> client.send(TextMessage.of("early")));
        client.openingHandshake();
        WsUsageException e = assertThrows(WsUsageException.class, client::openingHandshake);
        assertEquals("The opening handshake was already produced; it is sent only once.", e.getMessage());
    }

    @Test
    void clientSeesARejection() {
        WsEngine client = PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("h", "/"));
        client.openingHandshake();
        List<WsEvent> events = client.receive(ByteBuffer.wrap(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")));
        assertEquals(404, assertInstanceOf(WsEvent.HandshakeRejected.class, events.get(0)).response().status());
        assertEquals(State.CLOSED, client.state());
        assertEquals(Initiator.PEER, client.closeInitiator());
    }

    @Test
    void clientFailsABadAcceptWithoutSendingAnything() {
        WsEngine client = PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("h", "/"));
        client.openingHandshake();
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> client.receive(ByteBuffer.wrap(ascii(response))));
        assertEquals(Violation.BAD_ACCEPT, e.violation());
        assertNull(client.pollOutput(), "no close frame before the connection is open");
        assertEquals(State.CLOSED, client.state());
        assertEquals(Initiator.FAILURE, client.closeInitiator());
    }

    @Test
    void clientDecodesFramesInTheSameReadAsThe101AtEverySplit() {
        int length = -1;
        for (int at = 0; length < 0 || at <= length; at++) {
            WsEngine s = PROVIDER.newServerEngine(WsConfig.DEFAULT);
            WsEngine c = PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("h", "/"));
            s.receive(c.openingHandshake());
            byte[] w = concat(TestSupport.bytes(s.accept(Accept.DEFAULT)), TestSupport.bytes(s.send(TextMessage.of("hi"))));
            length = w.length;
            List<WsEvent> events = TestSupport.feedSplit(c, w, at);
            assertEquals(2, events.size(), "split at " + at);
            assertInstanceOf(WsEvent.HandshakeAccepted.class, events.get(0));
            assertEquals(TextMessage.of("hi"), events.get(1));
            assertEquals(State.OPEN, c.state());
        }
    }
}
