package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request line as a server engine reads it: the absolute form of the target (RFC 9112 §3.2.2), HTTP versions
 * other than 1.x (505, RFC 9110 §15.6.6), and the {@code Connection: close} of every answer after which the
 * connection ends (RFC 9112 §9.6).
 */
class RequestLineTest {

    /** An upgrade request for {@code TARGET} with {@code Host: server.example.com}. */
    private static final String UPGRADE = "GET TARGET HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    private static HandshakeRequest upgrade(String target) {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        List<WsEvent> events = server.receive(ascii(UPGRADE.replace("TARGET", target)));
        return assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0)).request();
    }

    /**
     * Feeds {@code request}; expects the engine to fail with {@code violation} and answer with {@code head} (status
     * line and headers up to the Content-Length) and the exception's message as the body.
     */
    private static WsProtocolException refused(String request, Violation violation, String head) {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> server.receive(ascii(request)));
        assertEquals(violation, e.violation(), e.getMessage());
        String body = e.getMessage() + "\n";
        assertEquals(head + "Content-Length: " + body.length() + "\r\n\r\n" + body, text(server.pollOutput()));
        assertEquals(WsEngine.State.CLOSED, server.state());
        return e;
    }

    private static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n";
    private static final String NOT_SUPPORTED = "HTTP/1.1 505 HTTP Version Not Supported\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n";

    @Test
    void anAbsoluteFormTargetRoutesByItsPathAndItsHostWins() {
        HandshakeRequest r = upgrade("http://server.example.com/chat?room=1");
        assertEquals("http://server.example.com/chat?room=1", r.target(), "the target as sent");
        assertEquals("/chat", r.path());
        assertEquals("room=1", r.query());
        assertEquals("server.example.com", r.host());
        // RFC 9112 §3.2.2: the host of the target, not the Host header, is the one the request is for.
        HandshakeRequest other = upgrade("WS://other.example:8080/echo");
        assertEquals("/echo", other.path());
        assertNull(other.query());
        assertEquals("other.example:8080", other.host());
        assertEquals("server.example.com", other.headers().get("Host"));
        assertEquals("/", upgrade("https://server.example.com").path());
        assertEquals("/", upgrade("wss://[::1]:9?x=1").path());
        assertEquals("x=1", upgrade("wss://[::1]:9?x=1").query());
        assertEquals("[::1]:9", upgrade("wss://[::1]:9?x=1").host());
        // The origin form is unchanged.
        assertEquals("/chat", upgrade("/chat?room=1").path());
        assertEquals("server.example.com", upgrade("/chat").host());
    }

    @Test
    void aPlainRequestInAbsoluteFormToo() {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        WsEvent e = server.receive(ascii("GET http://h:1/index.html HTTP/1.1\r\nHost: h:1\r\n\r\n")).get(0);
        assertEquals("/index.html", assertInstanceOf(WsEvent.PlainHttpRequest.class, e).request().path());
    }

    @Test
    void absoluteTargetsOfOtherSchemesOrWithoutAHostAreRefused() {
        WsProtocolException e = refused(UPGRADE.replace("TARGET", "ftp://server.example.com/chat"),
                Violation.MALFORMED_REQUEST, BAD_REQUEST);
        assertEquals("The request target 'ftp://server.example.com/chat' is an absolute URI but not an http, https,"
                + " ws or wss one with an authority (RFC 9112 section 3.2.2).", e.getMessage());
        assertThrows(WsProtocolException.class, () -> upgrade("http:/chat"));
        WsProtocolException noHost = assertThrows(WsProtocolException.class, () -> upgrade("http:///chat"));
        assertEquals(Violation.MISSING_HOST, noHost.violation());
        assertEquals("The request target 'http:///chat' has no host in its authority (RFC 9112 section 3.2.2, "
                + "RFC 9110 section 4.2.4).", noHost.getMessage());
        WsProtocolException user = assertThrows(WsProtocolException.class, () -> upgrade("http://u:p@h/chat"));
        assertEquals(Violation.MISSING_HOST, user.violation());
        assertEquals(Violation.MISSING_HOST,
                assertThrows(WsProtocolException.class, () -> upgrade("http://a<b/")).violation());
    }

    @Test
    void http2AndOtherMajorVersionsGet505() {
        // "GET / HTTP/2.0" as bytes on the wire, as a client that mixes HTTP/2 into an HTTP/1 request line sends.
        String http2 = new String(HexFormat.of().parseHex(
                "474554202f20485454502f322e300d0a486f73743a20680d0a0d0a"), StandardCharsets.US_ASCII);
        assertEquals("GET / HTTP/2.0\r\nHost: h\r\n\r\n", http2);
        WsProtocolException e = refused(http2, Violation.HTTP_VERSION_NOT_SUPPORTED, NOT_SUPPORTED);
        assertEquals(505, e.httpStatus());
        assertEquals("The request line uses HTTP/2.0 but this server speaks HTTP/1.1 (RFC 9110 section 15.6.6).",
                e.getMessage());
        refused(UPGRADE.replace("TARGET", "/").replace("HTTP/1.1", "HTTP/2.0"), Violation.HTTP_VERSION_NOT_SUPPORTED,
                NOT_SUPPORTED);
        // The HTTP/2 connection preface's request line, and HTTP/0.9 or 3.0: not HTTP/1 either.
        refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Violation.HTTP_VERSION_NOT_SUPPORTED, NOT_SUPPORTED);
        refused("GET / HTTP/0.9\r\nHost: h\r\n\r\n", Violation.HTTP_VERSION_NOT_SUPPORTED, NOT_SUPPORTED);
        refused("GET / HTTP/3.0\r\nHost: h\r\n\r\n", Violation.HTTP_VERSION_NOT_SUPPORTED, NOT_SUPPORTED);
        // A higher minor version is HTTP/1.1 to this server (RFC 9110 §2.5); HTTP/1.0 plain requests are served.
        assertEquals("/", upgrade("/").path());
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        assertInstanceOf(WsEvent.UpgradeRequest.class,
                server.receive(ascii(UPGRADE.replace("TARGET", "/").replace("HTTP/1.1", "HTTP/1.2"))).get(0));
        assertInstanceOf(WsEvent.PlainHttpRequest.class, PROVIDER.newServerEngine(WsConfig.DEFAULT)
                .receive(ascii("GET / HTTP/1.0\r\n\r\n")).get(0));
    }

    @Test
    void everyRejectionSaysConnectionClose() {
        assertEquals("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                rejectWith(HttpResponse.of(404)));
        // A 426 names Upgrade as a connection option (RFC 9110 §7.8); close is added to it, not a second header.
        assertEquals("HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n",
                rejectWith(new HttpResponse(426, "Upgrade Required", HttpHeaders.of("Upgrade", "websocket",
                        "Connection", "Upgrade", "Sec-WebSocket-Version", "13"), null)));
        assertEquals("HTTP/1.1 403 Forbidden\r\nconnection: Close\r\nContent-Length: 0\r\n\r\n",
                rejectWith(new HttpResponse(403, "Forbidden", HttpHeaders.of("connection", "Close"), null)));
    }

    private static String rejectWith(HttpResponse response) {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        server.receive(ascii(UPGRADE.replace("TARGET", "/")));
        return text(server.reject(response));
    }
}
