package dev.wscodec.impl.handshake;

import static dev.wscodec.impl.handshake.Fixtures.RFC_REQUEST;
import static dev.wscodec.impl.handshake.Fixtures.buffer;
import static dev.wscodec.impl.handshake.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every RFC 6455 §4.2.1 rule, with its violation, HTTP status and message. */
class ServerValidationTest {

    private static WsProtocolException refused(WsConfig config, String request, Violation violation, int status) {
        ServerHandshaker s = new ServerHandshaker(config, List.of());
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> s.parse(buffer(request)));
        assertEquals(violation, e.violation(), e.getMessage());
        assertEquals(status, e.httpStatus());
        // Fed one byte at a time, the same request fails the same way.
        WsProtocolException bytewise = assertThrows(WsProtocolException.class,
                () -> Fixtures.feedBytewise(new ServerHandshaker(config, List.of())::parse, Fixtures.bytes(request)));
        assertEquals(e.getMessage(), bytewise.getMessage());
        return e;
    }

    private static String refused(String request, Violation violation, int status) {
        return refused(WsConfig.DEFAULT, request, violation, status).getMessage();
    }

    private static String without(String header) {
        return RFC_REQUEST.replaceAll("(?m)^" + header + ": [^\r]*\r\n", "");
    }

    private static String replace(String header, String value) {
        return RFC_REQUEST.replaceAll("(?m)^" + header + ": [^\r]*\r\n", header + ": " + value + "\r\n");
    }

    private static String plus(String header) {
        return RFC_REQUEST.replace("\r\n\r\n", "\r\n" + header + "\r\n\r\n");
    }

    @Test
    void methodMustBeGet() {
        assertEquals("The WebSocket upgrade request uses the method POST but must use GET (RFC 6455 section 4.2.1 "
                + "item 1).", refused(RFC_REQUEST.replace("GET ", "POST "), Violation.METHOD_NOT_GET, 405));
        // Method names are case-sensitive (RFC 9110 §9.1).
        refused(RFC_REQUEST.replace("GET ", "get "), Violation.METHOD_NOT_GET, 405);
    }

    @Test
    void postWithoutUpgradeIsAPlainRequest() {
        WsEvent e = new ServerHandshaker(WsConfig.DEFAULT, List.of())
                .parse(buffer("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("POST", assertInstanceOf(WsEvent.PlainHttpRequest.class, e).request().method());
    }

    @Test
    void upgradeNeedsHttp11OrLater() {
        assertEquals("The WebSocket upgrade request uses HTTP/1.0 but needs HTTP/1.1 or later (RFC 6455 section "
                + "4.2.1 item 1).", refused(RFC_REQUEST.replace("HTTP/1.1", "HTTP/1.0"),
                Violation.HTTP_VERSION_TOO_OLD, 400));
        new ServerHandshaker(WsConfig.DEFAULT, List.of()).parse(buffer(RFC_REQUEST.replace("HTTP/1.1", "HTTP/1.2")));
    }

    @Test
    void exactlyOneHost() {
        assertEquals("The WebSocket upgrade request has no Host header but must have exactly one (RFC 6455 "
                + "section 4.2.1 item 2).", refused(without("Host"), Violation.MISSING_HOST, 400));
        assertEquals("The WebSocket upgrade request has 2 Host headers but must have exactly one (RFC 6455 "
                + "section 4.2.1 item 2).", refused(plus("Host: other"), Violation.MISSING_HOST, 400));
        assertEquals("The WebSocket upgrade request has an empty Host header (RFC 6455 section 4.2.1 item 2).",
                refused(replace("Host", ""), Violation.MISSING_HOST, 400));
    }

    @Test
    void hostMustBeAHostAndPort() {
        assertEquals("The Host header 'a b' is not a valid host and port (RFC 9112 section 3.2).",
                refused(replace("Host", "a b"), Violation.MISSING_HOST, 400));
        refused(replace("Host", "user@host"), Violation.MISSING_HOST, 400);
        refused("GET / HTTP/1.1\r\nHost: h/x\r\n\r\n", Violation.MISSING_HOST, 400);
        ServerHandshaker s = new ServerHandshaker(WsConfig.DEFAULT, List.of());
        assertEquals("[::1]:8080", assertInstanceOf(WsEvent.UpgradeRequest.class,
                s.parse(buffer(replace("Host", "[::1]:8080")))).request().host());
    }

    @Test
    void plainHttp11RequestNeedsOneHostToo() {
        assertEquals("The request has no Host header but must have exactly one (RFC 9112 section 3.2).",
                refused("GET / HTTP/1.1\r\n\r\n", Violation.MISSING_HOST, 400));
        assertInstanceOf(WsEvent.PlainHttpRequest.class,
                new ServerHandshaker(WsConfig.DEFAULT, List.of()).parse(buffer("GET / HTTP/1.0\r\n\r\n")));
    }

    @Test
    void connectionMustListUpgrade() {
        String expected = "The WebSocket upgrade request has no Connection header listing 'Upgrade' (RFC 6455 "
                + "section 4.2.1 item 4).";
        assertEquals(expected, refused(without("Connection"), Violation.CONNECTION_NOT_UPGRADE, 400));
        assertEquals(expected, refused(replace("Connection", "keep-alive"), Violation.CONNECTION_NOT_UPGRADE, 400));
        assertEquals(expected, refused(replace("Connection", "Upgraded"), Violation.CONNECTION_NOT_UPGRADE, 400));
    }

    @Test
    void upgradeRequestMayNotAnnounceABody() {
        assertEquals("The WebSocket upgrade request announces a body with Content-Length or Transfer-Encoding, but the "
                + "bytes after its head must be WebSocket frames (RFC 6455 section 4.2.1).",
                refused(plus("Content-Length: 5"), Violation.MALFORMED_REQUEST, 400));
        refused(plus("Transfer-Encoding: chunked"), Violation.MALFORMED_REQUEST, 400);
        new ServerHandshaker(WsConfig.DEFAULT, List.of()).parse(buffer(plus("Content-Length: 0")));
    }

    @Test
    void keyMustBeOneBase64SixteenByteValue() {
        assertEquals("The WebSocket upgrade request has no Sec-WebSocket-Key header but must have exactly one "
                + "(RFC 6455 section 4.2.1 item 5).", refused(without("Sec-WebSocket-Key"), Violation.BAD_KEY, 400));
        assertEquals("The WebSocket upgrade request has 2 Sec-WebSocket-Key headers but must have exactly one "
                + "(RFC 6455 section 4.2.1 item 5).",
                refused(plus("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="), Violation.BAD_KEY, 400));
        assertEquals("The Sec-WebSocket-Key 'dGhlIHNhbXBsZQ==' is not the base64 encoding of exactly 16 bytes "
                + "(RFC 6455 section 4.2.1 item 5).",
                refused(replace("Sec-WebSocket-Key", "dGhlIHNhbXBsZQ=="), Violation.BAD_KEY, 400));
        refused(replace("Sec-WebSocket-Key", "not base64 at all!!!!!=="), Violation.BAD_KEY, 400);
    }

    @Test
    void versionMustBe13() {
        assertEquals("The WebSocket upgrade request asks for version '8' but this server speaks only version 13 "
                + "(RFC 6455 section 4.4).", refused(replace("Sec-WebSocket-Version", "8"),
                Violation.UNSUPPORTED_VERSION, 426));
        assertEquals("The WebSocket upgrade request has no Sec-WebSocket-Version header; this server speaks only "
                + "version 13 (RFC 6455 section 4.4).", refused(without("Sec-WebSocket-Version"),
                Violation.UNSUPPORTED_VERSION, 426));
        assertEquals("The WebSocket upgrade request has 2 Sec-WebSocket-Version headers but must have exactly one; "
                + "this server speaks only version 13 (RFC 6455 section 4.4).",
                refused(plus("Sec-WebSocket-Version: 13"), Violation.UNSUPPORTED_VERSION, 426));
        refused(replace("Sec-WebSocket-Version", "13, 8"), Violation.UNSUPPORTED_VERSION, 426);
    }

    @Test
    void hixie76RequestOfSeed004GetsA426() {
        String hixie = "GET / HTTP/1.1\r\n"
                + "Upgrade: WebSocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Host: localhost:9999\r\n"
                + "Origin: file://\r\n"
                + "Sec-WebSocket-Key1: d3L703 2 {63 k L1( 90\r\n"
                + "Sec-WebSocket-Key2: 14 +40Z7R<12om I8 0[\r\n"
                + "\r\n";
        WsProtocolException e = refused(WsConfig.DEFAULT, hixie, Violation.UNSUPPORTED_VERSION, 426);
        assertEquals("The request uses the obsolete hixie-76 handshake (Sec-WebSocket-Key1/Key2 without "
                + "Sec-WebSocket-Version); this server speaks only version 13 (RFC 6455 section 4.4).", e.getMessage());
        String response = text(ServerHandshaker.errorResponse(e));
        assertEquals("HTTP/1.1 426 Upgrade Required\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Connection: close\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + (e.getMessage().length() + 1) + "\r\n"
                + "\r\n"
                + e.getMessage() + "\n", response);
    }

    @Test
    void originMustBeListedWhenAListIsConfigured() {
        WsConfig config = WsConfig.builder().allowedOrigins("https://good.example").build();
        assertEquals("The origin 'http://example.com' is not allowed to open a WebSocket on this server (RFC 6455 "
                + "section 10.2).", refused(config, RFC_REQUEST, Violation.ORIGIN_NOT_ALLOWED, 403).getMessage());
        assertEquals("The WebSocket upgrade request has no Origin header but this server accepts exactly one listed "
                + "origin (RFC 6455 section 10.2).",
                refused(config, without("Origin"), Violation.ORIGIN_NOT_ALLOWED, 403).getMessage());
        // Without a list, any origin and no origin are fine.
        new ServerHandshaker(WsConfig.DEFAULT, List.of()).parse(buffer(without("Origin")));
    }

    @Test
    void subprotocolsMustBeTokens() {
        assertEquals("The Sec-WebSocket-Protocol header 'chat, super chat' is malformed: 'super chat' is not a token "
                + "(RFC 6455 section 4.1).", refused(replace("Sec-WebSocket-Protocol", "chat, super chat"),
                Violation.BAD_NEGOTIATION_HEADER, 400));
        assertEquals("The Sec-WebSocket-Protocol header ',' names no subprotocol (RFC 6455 section 4.1).",
                refused(replace("Sec-WebSocket-Protocol", " , "), Violation.BAD_NEGOTIATION_HEADER, 400));
    }

    @Test
    void extensionsHeaderMustParse() {
        assertEquals("The Sec-WebSocket-Extensions header 'foo;' is malformed: expected a parameter name of "
                + "extension 'foo' at position 4 but found the end of the value (RFC 6455 section 9.1).",
                refused(plus("Sec-WebSocket-Extensions: foo;"), Violation.BAD_NEGOTIATION_HEADER, 400));
    }

    @Test
    void garbageRequestLinesAre400() {
        String form = "' is not of the form 'METHOD target HTTP/1.1' (RFC 9112 section 3).";
        assertEquals("The request line 'hello" + form, refused("hello\r\n\r\n", Violation.MALFORMED_REQUEST, 400));
        assertEquals("The request line 'GET  / HTTP/1.1" + form,
                refused("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", Violation.MALFORMED_REQUEST, 400));
        assertEquals("The request line 'GET / HTTP/1.1 x" + form,
                refused("GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", Violation.MALFORMED_REQUEST, 400));
        assertEquals("The request method 'G(T' is not a token (RFC 9112 section 3.1).",
                refused("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", Violation.MALFORMED_REQUEST, 400));
        assertEquals("The request line 'GET / HTTP/11' does not end in an HTTP version such as HTTP/1.1 (RFC 9112 "
                + "section 2.3).", refused("GET / HTTP/11\r\nHost: a\r\n\r\n", Violation.MALFORMED_REQUEST, 400));
        refused("GET / http/1.1\r\nHost: a\r\n\r\n", Violation.MALFORMED_REQUEST, 400);
        refused("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\r\n\r\n", Violation.MALFORMED_REQUEST, 400);
    }

    @Test
    void targetMustBeOriginOrAbsoluteForm() {
        String msg = "' is neither an absolute path nor an absolute URI (RFC 9112 section 3.2).";
        assertEquals("The request target 'chat" + msg, refused(RFC_REQUEST.replace("GET /chat", "GET chat"),
                Violation.MALFORMED_REQUEST, 400));
        assertEquals("The request target '*" + msg, refused("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                Violation.MALFORMED_REQUEST, 400));
        refused(RFC_REQUEST.replace("GET /chat", "GET 1ws://x/chat"), Violation.MALFORMED_REQUEST, 400);
        refused(RFC_REQUEST.replace("GET /chat", "GET /ch\u00e4t"), Violation.MALFORMED_REQUEST, 400);
    }

    @Test
    void checksRunInRfcOrder() {
        // A POST without Host and key reports the method first; a hixie-76 request reports the version, not the key.
        refused(RFC_REQUEST.replace("GET ", "PUT ").replace("Host: server.example.com\r\n", ""),
                Violation.METHOD_NOT_GET, 405);
        refused(without("Sec-WebSocket-Version").replace("Sec-WebSocket-Key:", "Sec-WebSocket-Key1:"),
                Violation.UNSUPPORTED_VERSION, 426);
    }

    @Test
    void errorResponsesCarryStatusHeadersAndMessage() {
        WsProtocolException e = new WsProtocolException(Violation.METHOD_NOT_GET, "Use GET.");
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nConnection: close\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n\r\nUse GET.\n",
                text(ServerHandshaker.errorResponse(e)));
        e = new WsProtocolException(Violation.HEAD_TOO_LARGE, "Too big.");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n\r\nToo big.\n",
                text(ServerHandshaker.errorResponse(e)));
        e = new WsProtocolException(Violation.ORIGIN_NOT_ALLOWED, "No.");
        assertEquals("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\n\r\nNo.\n",
                text(ServerHandshaker.errorResponse(e)));
        WsProtocolException framing = new WsProtocolException(Violation.INVALID_UTF8, "x");
        assertThrows(IllegalArgumentException.class, () -> ServerHandshaker.errorResponse(framing));
    }

    @Test
    void headLimitComesFromTheConfig() {
        WsConfig config = WsConfig.builder().maxHandshakeSize(256).build();
        String big = RFC_REQUEST.replace("\r\n\r\n", "\r\nX-Pad: " + "p".repeat(100) + "\r\n\r\n");
        assertEquals("The request head is larger than the limit of 256 bytes (WsConfig.maxHandshakeSize).",
                refused(config, big, Violation.HEAD_TOO_LARGE, 431).getMessage());
    }
}
