package dev.wscodec.impl.handshake;

import static dev.wscodec.impl.handshake.Fixtures.buffer;
import static dev.wscodec.impl.handshake.Fixtures.bytes;
import static dev.wscodec.impl.handshake.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ClientHandshakerTest {

    /** Gives the nonce of RFC 6455 §1.3, so the key is "dGhlIHNhbXBsZSBub25jZQ==". */
    private static final RandomGenerator SAMPLE_NONCE = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(bytes("the sample nonce"), 0, bytes, 0, 16);
        }
    };

    private static final ClientHandshake CHAT = new ClientHandshake("server.example.com", "/chat",
            List.of("chat", "superchat"), HttpHeaders.of("Origin", "http://example.com"));

    private static final String ACCEPTED = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "\r\n";

    private static ClientHandshaker client(WsExtensionFactory... factories) {
        return new ClientHandshaker(WsConfig.DEFAULT, CHAT, List.of(factories), SAMPLE_NONCE);
    }

    private static WsProtocolException failed(String response, Violation violation, WsExtensionFactory... factories) {
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> client(factories).parse(buffer(response)));
        assertEquals(violation, e.violation(), e.getMessage());
        return e;
    }

    @Test
    void requestHasTheRfcFormat() {
        Fixtures.EchoFactory foo = new Fixtures.EchoFactory("foo", List.of(new ExtensionParams("foo",
                List.of(new ExtensionParams.Param("a", "1"))), ExtensionParams.of("foo")));
        assertEquals("GET /chat HTTP/1.1\r\n"
                + "Host: server.example.com\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: chat, superchat\r\n"
                + "Sec-WebSocket-Extensions: foo; a=1, foo\r\n"
                + "Origin: http://example.com\r\n"
                + "\r\n", text(client(foo).request()));
    }

    @Test
    void minimalRequestHasNoNegotiationHeaders() {
        ClientHandshaker c = new ClientHandshaker(WsConfig.DEFAULT, ClientHandshake.of("h:80", "/?q=1"), List.of(),
                SAMPLE_NONCE);
        assertEquals("GET /?q=1 HTTP/1.1\r\nHost: h:80\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", text(c.request()));
    }

    @Test
    void everyClientGetsAFreshRandomKey() {
        String k1 = new ClientHandshaker(WsConfig.DEFAULT, CHAT, List.of(), null).handshakeRequest().headers()
                .get("Sec-WebSocket-Key");
        String k2 = new ClientHandshaker(WsConfig.DEFAULT, CHAT, List.of(), null).handshakeRequest().headers()
                .get("Sec-WebSocket-Key");
        assertTrue(AcceptKey.isValidKey(k1) && AcceptKey.isValidKey(k2));
        assertNotEquals(k1, k2);
    }

    @Test
    void rfcResponseAtEverySplitWithAFrameBehind() {
        byte[] wire = Fixtures.concat(bytes(ACCEPTED), Fixtures.hex("81 05 48 65 6c 6c 6f"));
        for (int split = 0; split <= wire.length; split++) {
            ClientHandshaker c = client();
            WsEvent e = Fixtures.feedSplit(c::parse, wire, split, 7);
            WsEvent.HandshakeAccepted a = assertInstanceOf(WsEvent.HandshakeAccepted.class, e, "split " + split);
            assertEquals("chat", a.subprotocol());
            assertEquals(101, a.response().status());
            assertEquals("/chat", a.request().target());
            assertEquals(List.of(), c.extensions());
        }
        assertInstanceOf(WsEvent.HandshakeAccepted.class, Fixtures.feedBytewise(client()::parse, wire));
    }

    @Test
    void non101IsARejectionWithTheBodyLeftBehind() {
        ByteBuffer in = buffer("HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno!");
        WsEvent.HandshakeRejected r = assertInstanceOf(WsEvent.HandshakeRejected.class, client().parse(in));
        assertEquals(403, r.response().status());
        assertEquals("Forbidden", r.response().reason());
        assertEquals("3", r.response().headers().get("content-length"));
        assertEquals("no!", text(in));
        WsEvent.HandshakeRejected noReason = assertInstanceOf(WsEvent.HandshakeRejected.class,
                client().parse(buffer("HTTP/1.0 404\r\n\r\n")));
        assertEquals("", noReason.response().reason());
    }

    @Test
    void interimResponsesAreSkipped() {
        ClientHandshaker c = client();
        assertNull(c.parse(buffer("HTTP/1.1 100 Continue\r\n\r\n")));
        assertInstanceOf(WsEvent.HandshakeAccepted.class, c.parse(buffer(ACCEPTED)));
        assertThrows(IllegalStateException.class, () -> c.parse(buffer(ACCEPTED)));
    }

    @Test
    void wrongAcceptValue() {
        assertEquals("The Sec-WebSocket-Accept value 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=x' does not match "
                + "'s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', the value for the key sent (RFC 6455 section 4.1).",
                failed(ACCEPTED.replace("xOo=", "xOo=x"), Violation.BAD_ACCEPT).getMessage());
        // The seeds' bug: base64.encodestring put a newline after the value; that breaks the head's CRLF rule.
        failed(ACCEPTED.replace("xOo=\r\n", "xOo=\n\r\n"), Violation.MALFORMED_RESPONSE);
        failed(ACCEPTED.replace("xOo=", "xoo="), Violation.BAD_ACCEPT);
        assertEquals("The 101 response has no Sec-WebSocket-Accept header but must have exactly one (RFC 6455 "
                + "section 4.1).", failed(ACCEPTED.replace("Sec-WebSocket-Accept", "X-Accept"),
                Violation.BAD_ACCEPT).getMessage());
        assertEquals(1002, failed(ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Accept: x\r\n\r\n"),
                Violation.BAD_ACCEPT).closeCode());
    }

    @Test
    void upgradeAndConnectionAreRequired() {
        assertEquals("The 101 response does not carry 'Upgrade: websocket' (RFC 6455 section 4.1).",
                failed(ACCEPTED.replace("Upgrade: websocket\r\n", ""), Violation.RESPONSE_NOT_UPGRADE).getMessage());
        failed(ACCEPTED.replace("Upgrade: websocket", "Upgrade: h2c"), Violation.RESPONSE_NOT_UPGRADE);
        assertEquals("The 101 response has no Connection header listing 'Upgrade' (RFC 6455 section 4.1).",
                failed(ACCEPTED.replace("Connection: Upgrade", "Connection: close"), Violation.RESPONSE_NOT_UPGRADE)
                        .getMessage());
        assertInstanceOf(WsEvent.HandshakeAccepted.class, client().parse(buffer(ACCEPTED
                .replace("Upgrade: websocket", "upgrade: WebSocket").replace("Connection: Upgrade",
                        "connection: keep-alive, upgrade"))));
    }

    @Test
    void subprotocolMustHaveBeenOffered() {
        assertEquals("The server chose the subprotocol 'mqtt', which was not offered (RFC 6455 section 4.1).",
                failed(ACCEPTED.replace("Protocol: chat", "Protocol: mqtt"), Violation.UNOFFERED_SUBPROTOCOL)
                        .getMessage());
        assertEquals("The server chose more than one subprotocol ('chat, superchat') but must choose at most one of "
                + "those offered (RFC 6455 section 4.1).", failed(ACCEPTED.replace("Protocol: chat",
                "Protocol: chat, superchat"), Violation.UNOFFERED_SUBPROTOCOL).getMessage());
        ClientHandshaker none = new ClientHandshaker(WsConfig.DEFAULT, ClientHandshake.of("server.example.com", "/"),
                List.of(), SAMPLE_NONCE);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> none.parse(buffer(ACCEPTED)));
        assertEquals(Violation.UNOFFERED_SUBPROTOCOL, e.violation());
        WsEvent.HandshakeAccepted a = assertInstanceOf(WsEvent.HandshakeAccepted.class,
                client().parse(buffer(ACCEPTED.replace("Sec-WebSocket-Protocol: chat\r\n", ""))));
        assertNull(a.subprotocol());
    }

    @Test
    void offeredExtensionsAreAcceptedInResponseOrder() {
        Fixtures.EchoFactory foo = new Fixtures.EchoFactory("foo", List.of(ExtensionParams.of("foo")));
        Fixtures.EchoFactory bar = new Fixtures.EchoFactory("bar", List.of(ExtensionParams.of("bar")));
        ClientHandshaker c = client(foo, bar);
        WsEvent.HandshakeAccepted a = assertInstanceOf(WsEvent.HandshakeAccepted.class, c.parse(buffer(
                ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: bar; x=\"1\"\r\n"
                        + "Sec-WebSocket-Extensions: foo\r\n\r\n"))));
        assertEquals(List.of(bar.created.get(0), foo.created.get(0)), c.extensions());
        assertEquals(List.of(new ExtensionParams("bar", List.of(new ExtensionParams.Param("x", "1"))),
                ExtensionParams.of("foo")), a.extensions());
    }

    @Test
    void unofferedOrRepeatedExtensionsFail() {
        Fixtures.EchoFactory foo = new Fixtures.EchoFactory("foo", List.of(ExtensionParams.of("foo")));
        Fixtures.EchoFactory silent = new Fixtures.EchoFactory("silent", List.of());
        WsProtocolException e = failed(ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: silent\r\n\r\n"),
                Violation.UNOFFERED_EXTENSION, foo, silent);
        assertEquals("The server accepted the extension 'silent', which was not offered (RFC 6455 section 9.1).",
                e.getMessage());
        assertEquals(1010, e.closeCode());
        assertEquals("The server accepted the extension 'foo' more than once (RFC 6455 section 9.1).",
                failed(ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: foo, foo\r\n\r\n"),
                        Violation.UNOFFERED_EXTENSION, foo).getMessage());
        assertEquals(1, foo.created.get(0).releases, "the first foo is released");
        assertEquals("The server accepted the extension 'foo' with parameters that fit no offer (RFC 6455 section "
                + "9.1).", failed(ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: foo; null\r\n\r\n"),
                Violation.UNOFFERED_EXTENSION, foo).getMessage());
        failed(ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: foo; unknown\r\n\r\n"),
                Violation.UNOFFERED_EXTENSION, foo);
    }

    @Test
    void malformedExtensionsHeaderIsAMalformedResponse() {
        Fixtures.EchoFactory foo = new Fixtures.EchoFactory("foo", List.of(ExtensionParams.of("foo")));
        WsProtocolException e = failed(ACCEPTED.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: foo;=\r\n\r\n"),
                Violation.MALFORMED_RESPONSE, foo);
        assertTrue(e.getMessage().startsWith("The Sec-WebSocket-Extensions header 'foo;=' is malformed"));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void malformedStatusLinesAndHeads() {
        String form = "' is not of the form 'HTTP/1.1 101 Switching Protocols' (RFC 9112 section 4).";
        assertEquals("The status line 'HTTP/1.1 1O1 Switching Protocols" + form,
                failed(ACCEPTED.replace("101", "1O1"), Violation.MALFORMED_RESPONSE).getMessage());
        assertEquals("The status line 'SSH-2.0-OpenSSH_9.2" + form,
                failed("SSH-2.0-OpenSSH_9.2\r\n\r\n", Violation.MALFORMED_RESPONSE).getMessage());
        failed("HTTP/1.1 099 Odd\r\n\r\n", Violation.MALFORMED_RESPONSE);
        failed("HTTP/1.1 101Switching\r\n\r\n", Violation.MALFORMED_RESPONSE);
        assertEquals("The 101 response uses HTTP/1.0 but a WebSocket upgrade needs HTTP/1.1 or later (RFC 6455 "
                + "section 4.1).", failed(ACCEPTED.replace("HTTP/1.1", "HTTP/1.0"), Violation.MALFORMED_RESPONSE)
                .getMessage());
        failed(ACCEPTED.replace("Upgrade: websocket\r\n", "Upgrade: websocket\n"), Violation.MALFORMED_RESPONSE);
        WsConfig small = WsConfig.builder().maxHandshakeSize(256).build();
        ClientHandshaker c = new ClientHandshaker(small, CHAT, List.of(), SAMPLE_NONCE);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> c.parse(buffer(
                ACCEPTED.replace("\r\n\r\n", "\r\nX: " + "y".repeat(200) + "\r\n\r\n"))));
        assertEquals(Violation.MALFORMED_RESPONSE, e.violation());
        assertEquals("The response head is larger than the limit of 256 bytes (WsConfig.maxHandshakeSize).",
                e.getMessage());
    }

    @Test
    void requestParametersAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientHandshaker(
                WsConfig.DEFAULT, new ClientHandshake("h", "/", List.of(), HttpHeaders.of("Sec-WebSocket-Key", "k")),
                List.of(), null));
        assertEquals("The header Sec-WebSocket-Key is written by the handshake itself and cannot be added to the "
                + "request.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ClientHandshaker(WsConfig.DEFAULT,
                ClientHandshake.of("h", "/a b"), List.of(), null));
        assertEquals("The request target '/a b' holds a space, control or non-ASCII character; encode it first "
                + "(RFC 3986 section 2.1).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClientHandshaker(WsConfig.DEFAULT,
                ClientHandshake.of("", "/"), List.of(), null));
    }
}
