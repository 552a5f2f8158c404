package dev.wscodec.impl.handshake;

import static dev.wscodec.impl.handshake.Fixtures.RFC_REQUEST;
import static dev.wscodec.impl.handshake.Fixtures.buffer;
import static dev.wscodec.impl.handshake.Fixtures.bytes;
import static dev.wscodec.impl.handshake.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerHandshakerTest {

    private static final String RFC_RESPONSE = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "\r\n";

    private static ServerHandshaker server(WsConfig config, WsExtensionFactory... factories) {
        return new ServerHandshaker(config, List.of(factories));
    }

    private static WsEvent.UpgradeRequest upgrade(ServerHandshaker s, String request) {
        return assertInstanceOf(WsEvent.UpgradeRequest.class, s.parse(buffer(request)));
    }

    private static String withHeader(String request, String header) {
        return request.replace("\r\n\r\n", "\r\n" + header + "\r\n\r\n");
    }

    @Test
    void rfcSampleRequestFedAtEverySplitWithFramesBehind() {
        byte[] wire = Fixtures.concat(bytes(RFC_REQUEST), Fixtures.hex(Fixtures.MASKED_HELLO_HEX));
        for (int split = 0; split <= wire.length; split++) {
            ServerHandshaker s = server(WsConfig.DEFAULT);
            WsEvent e = Fixtures.feedSplit(s::parse, wire, split, 11);
            HandshakeRequest r = assertInstanceOf(WsEvent.UpgradeRequest.class, e, "split " + split).request();
            assertEquals("/chat", r.target());
            assertEquals(List.of("chat", "superchat"), r.subprotocols());
        }
        ServerHandshaker s = server(WsConfig.DEFAULT);
        assertInstanceOf(WsEvent.UpgradeRequest.class, Fixtures.feedBytewise(s::parse, wire));
    }

    @Test
    void requestIsReportedAsSent() {
        HandshakeRequest r = upgrade(server(WsConfig.DEFAULT), RFC_REQUEST).request();
        assertEquals("GET", r.method());
        assertEquals("HTTP/1.1", r.version());
        assertEquals("server.example.com", r.host());
        assertEquals("http://example.com", r.origin());
        assertEquals(7, r.headers().size());
    }

    @Test
    void acceptAnswersTheRfcExampleByteForByte() {
        ServerHandshaker s = server(WsConfig.builder().subprotocols("chat").build());
        upgrade(s, RFC_REQUEST);
        ServerHandshaker.ServerAccepted a = s.accept(Accept.DEFAULT);
        assertEquals(RFC_RESPONSE, text(a.response()));
        assertEquals("chat", a.event().subprotocol());
        assertEquals(101, a.event().response().status());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", a.event().response().headers().get("Sec-WebSocket-Accept"));
        assertEquals(List.of(), a.extensions());
        assertEquals(List.of(), a.event().extensions());
    }

    @Test
    void serverPreferenceWinsOverClientOrder() {
        ServerHandshaker s = server(WsConfig.builder().subprotocols("superchat", "chat").build());
        upgrade(s, RFC_REQUEST);
        ServerHandshaker.ServerAccepted a = s.accept(Accept.DEFAULT);
        assertEquals("superchat", a.event().subprotocol());
        assertTrue(text(a.response()).contains("\r\nSec-WebSocket-Protocol: superchat\r\n"));
    }

    @Test
    void neverPicksAnUnofferedSubprotocol() {
        ServerHandshaker s = server(WsConfig.builder().subprotocols("mqtt", "wamp").build());
        upgrade(s, RFC_REQUEST);
        ServerHandshaker.ServerAccepted a = s.accept(Accept.DEFAULT);
        assertNull(a.event().subprotocol());
        assertTrue(!text(a.response()).contains("Sec-WebSocket-Protocol"));
    }

    @Test
    void subprotocolsCompareCaseSensitively() {
        ServerHandshaker s = server(WsConfig.builder().subprotocols("Chat").build());
        upgrade(s, RFC_REQUEST);
        assertNull(s.accept(Accept.DEFAULT).event().subprotocol());
    }

    @Test
    void explicitSubprotocolMustHaveBeenOffered() {
        ServerHandshaker s = server(WsConfig.builder().subprotocols("chat").build());
        upgrade(s, RFC_REQUEST);
        WsUsageException e = assertThrows(WsUsageException.class, () -> s.accept(Accept.withSubprotocol("x")));
        assertEquals("The subprotocol 'x' cannot be chosen because the client did not offer it; it offered "
                + "[chat, superchat] (RFC 6455 section 4.2.2).", e.getMessage());
        assertEquals("superchat", s.accept(Accept.withSubprotocol("superchat")).event().subprotocol());
    }

    @Test
    void extraHeadersFollowTheHandshakeHeaders() {
        ServerHandshaker s = server(WsConfig.DEFAULT);
        upgrade(s, RFC_REQUEST);
        String response = text(s.accept(new Accept(null, HttpHeaders.of("Set-Cookie", "a=b"))).response());
        assertTrue(response.endsWith("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSet-Cookie: a=b\r\n\r\n"),
                response);
    }

    @Test
    void extraHeadersMayNotReplaceHandshakeHeaders() {
        ServerHandshaker s = server(WsConfig.DEFAULT);
        upgrade(s, RFC_REQUEST);
        WsUsageException e = assertThrows(WsUsageException.class,
                () -> s.accept(new Accept(null, HttpHeaders.of("sec-websocket-accept", "x"))));
        assertEquals("The header Sec-WebSocket-Accept is written by the handshake itself and cannot be added when "
                + "accepting.", e.getMessage());
    }

    @Test
    void acceptIsOnlyForOnePendingUpgrade() {
        ServerHandshaker s = server(WsConfig.DEFAULT);
        assertEquals("There is no WebSocket upgrade request to accept.",
                assertThrows(WsUsageException.class, () -> s.accept(Accept.DEFAULT)).getMessage());
        upgrade(s, RFC_REQUEST);
        s.accept(Accept.DEFAULT);
        assertEquals("The upgrade request was already accepted.",
                assertThrows(WsUsageException.class, () -> s.accept(Accept.DEFAULT)).getMessage());
        assertThrows(WsUsageException.class, () -> s.parse(buffer(RFC_REQUEST)));
    }

    @Test
    void plainRequestCannotBeAccepted() {
        ServerHandshaker s = server(WsConfig.DEFAULT);
        WsEvent e = s.parse(buffer("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals("/index.html", assertInstanceOf(WsEvent.PlainHttpRequest.class, e).request().target());
        assertThrows(WsUsageException.class, () -> s.accept(Accept.DEFAULT));
    }

    @Test
    void extensionsAreNegotiatedPerFactoryInOrder() {
        Fixtures.EchoFactory foo = new Fixtures.EchoFactory("foo", List.of());
        Fixtures.EchoFactory bar = new Fixtures.EchoFactory("bar", List.of());
        Fixtures.EchoFactory unused = new Fixtures.EchoFactory("baz", List.of());
        ServerHandshaker s = server(WsConfig.DEFAULT, bar, foo, unused);
        upgrade(s, withHeader(RFC_REQUEST, "Sec-WebSocket-Extensions: foo; no, x-other, foo; a=1\r\n"
                + "Sec-WebSocket-Extensions: bar; b=\"2\""));
        ServerHandshaker.ServerAccepted a = s.accept(Accept.DEFAULT);
        assertEquals(List.of(List.of(new ExtensionParams("foo", List.of(new ExtensionParams.Param("no", null))),
                new ExtensionParams("foo", List.of(new ExtensionParams.Param("a", "1"))))), foo.seenOffers);
        assertEquals(List.of(), unused.seenOffers, "a factory without offers is not asked");
        assertEquals(List.of(bar.created.get(0), foo.created.get(0)), a.extensions());
        assertEquals(List.of(bar.created.get(0).params(), foo.created.get(0).params()), a.event().extensions());
        assertTrue(text(a.response()).contains("\r\nSec-WebSocket-Extensions: bar; b=2, foo; a=1\r\n"),
                text(a.response()));
    }

    @Test
    void declinedExtensionsAreLeftOutOfTheResponse() {
        Fixtures.EchoFactory foo = new Fixtures.EchoFactory("foo", List.of());
        ServerHandshaker s = server(WsConfig.DEFAULT, foo);
        upgrade(s, withHeader(RFC_REQUEST, "Sec-WebSocket-Extensions: foo; no"));
        ServerHandshaker.ServerAccepted a = s.accept(Accept.DEFAULT);
        assertEquals(List.of(), a.extensions());
        assertTrue(!text(a.response()).contains("Sec-WebSocket-Extensions"));
    }

    @Test
    void factoryRefusingAnOfferReleasesWhatWasNegotiated() {
        Fixtures.EchoFactory good = new Fixtures.EchoFactory("good", List.of());
        Fixtures.EchoFactory bad = new Fixtures.EchoFactory("bad", List.of());
        ServerHandshaker s = server(WsConfig.DEFAULT, good, bad);
        upgrade(s, withHeader(RFC_REQUEST, "Sec-WebSocket-Extensions: good, bad; bad"));
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> s.accept(Accept.DEFAULT));
        assertEquals(Violation.BAD_NEGOTIATION_HEADER, e.violation());
        assertEquals(1, good.created.get(0).releases);
    }

    @Test
    void connectionKeepAliveUpgradeAndMixedCaseAreAccepted() {
        String request = RFC_REQUEST.replace("Connection: Upgrade", "connection: keep-alive, Upgrade")
                .replace("Upgrade: websocket", "UPGRADE: WebSocket");
        upgrade(server(WsConfig.DEFAULT), request);
        upgrade(server(WsConfig.DEFAULT), RFC_REQUEST.replace("Connection: Upgrade",
                "Connection: keep-alive\r\nConnection: upgrade"));
    }

    @Test
    void keyIsTrimmedOfOptionalWhitespaceBeforeHashing() {
        ServerHandshaker s = server(WsConfig.DEFAULT);
        upgrade(s, RFC_REQUEST.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Key:\t dGhlIHNhbXBsZSBub25jZQ== \t"));
        assertTrue(text(s.accept(Accept.DEFAULT).response())
                .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    }

    @Test
    void absoluteFormTargetIsAccepted() {
        assertEquals("ws://server.example.com/chat", upgrade(server(WsConfig.DEFAULT),
                RFC_REQUEST.replace("GET /chat", "GET ws://server.example.com/chat")).request().target());
    }

    @Test
    void allowedOriginComparesCaseInsensitively() {
        WsConfig config = WsConfig.builder().allowedOrigins("HTTP://Example.com", "https://other").build();
        upgrade(server(config), RFC_REQUEST);
    }

    @Test
    void encodeAddsContentLengthExceptForNoBodyStatuses() {
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
                text(ServerHandshaker.encode(dev.wscodec.api.HttpResponse.of(404))));
        assertEquals("HTTP/1.1 204 No Content\r\n\r\n", text(ServerHandshaker.encode(dev.wscodec.api.HttpResponse.of(204))));
        ByteBuffer page = ServerHandshaker.encode(dev.wscodec.api.HttpResponse.of(200,
                HttpHeaders.of("Content-Length", "999"), "text/html", "<p>\u00e9</p>"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<p>\u00c3\u00a9</p>",
                text(page));
    }

    @Test
    void encodeRefusesResponsesItCannotFrame() {
        assertThrows(WsUsageException.class, () -> ServerHandshaker.encode(new dev.wscodec.api.HttpResponse(101,
                "Switching", HttpHeaders.EMPTY, ByteBuffer.wrap(new byte[1]))));
        WsUsageException e = assertThrows(WsUsageException.class, () -> ServerHandshaker.encode(
                new dev.wscodec.api.HttpResponse(200, "OK\r\nX: injected", HttpHeaders.EMPTY, null)));
        assertEquals("The reason phrase of an HTTP response must not hold control or non-Latin-1 characters "
                + "(RFC 9112 section 4).", e.getMessage());
        assertThrows(WsUsageException.class, () -> ServerHandshaker.encode(new dev.wscodec.api.HttpResponse(200, "OK",
                HttpHeaders.of("Transfer-Encoding", "chunked"), null)));
    }
}
