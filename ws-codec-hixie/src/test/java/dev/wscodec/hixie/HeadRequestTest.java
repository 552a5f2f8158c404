package dev.wscodec.hixie;

import static dev.wscodec.hixie.Wire.EXAMPLE_HEAD;
import static dev.wscodec.hixie.Wire.HEAD_75;
import static dev.wscodec.hixie.Wire.latin1;
import static dev.wscodec.hixie.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * RFC 9110 section 9.3.2: the answer to a HEAD request is the head a GET would get, with its Content-Length, and no
 * content; for the engine's own refusals (405, 400, 431, 426) as for the application's answers.
 */
class HeadRequestTest {

    private static final Supplier<WsEngine> SERVER = () -> Wire.server(WsConfig.DEFAULT);

    /**
     * Feeds {@code wire} split at every offset; each time the engine must fail with {@code violation} and answer
     * with the head only, whose Content-Length is that of the message a GET would get. Returns the answer.
     */
    private static String assertHeadOnlyRefusal(Supplier<WsEngine> engines, byte[] wire, Violation violation) {
        WsProtocolException e = Wire.assertFails(engines, wire, violation);
        String body = e.getMessage() + "\n";
        String answer = null;
        for (int at = 0; at <= wire.length; at++) {
            WsEngine engine = engines.get();
            int split = at;
            assertThrows(WsProtocolException.class, () -> Wire.feedSplit(engine, wire, split));
            answer = text(engine.pollOutput());
            assertTrue(answer.startsWith("HTTP/1.1 " + violation.httpStatus() + " "), answer);
            assertTrue(answer.endsWith("\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n"), () -> "split at " + split + ", no body after the head");
        }
        return answer;
    }

    /** The answer the same refusal gets when the request is a GET: the HEAD's answer and the message. */
    private static void assertGetGetsTheBody(Supplier<WsEngine> engines, String getRequest, String headAnswer) {
        WsEngine engine = engines.get();
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> engine.receive(ByteBuffer.wrap(latin1(getRequest))));
        assertEquals(headAnswer + e.getMessage() + "\n", text(engine.pollOutput()));
    }

    @Test
    void anUpgradeWithHeadIsRefusedWith405AndNoBody() {
        String head = EXAMPLE_HEAD.replace("GET /demo", "HEAD /demo");
        String answer = assertHeadOnlyRefusal(SERVER, latin1(head), Violation.METHOD_NOT_GET);
        assertTrue(answer.contains("\r\nAllow: GET\r\n"), answer);
    }

    @Test
    void aHeadRequestWithAMalformedHeadGets400AndNoBody() {
        String head = HEAD_75.replace("GET ", "HEAD ").replace("Host: ", "Host:\r\n ");   // obsolete line folding
        String answer = assertHeadOnlyRefusal(SERVER, latin1(head), Violation.MALFORMED_REQUEST);
        assertGetGetsTheBody(SERVER, HEAD_75.replace("Host: ", "Host:\r\n "), answer);
    }

    @Test
    void aHeadRequestOverTheLimitGets431AndNoBody() {
        WsConfig small = WsConfig.builder().maxHandshakeSize(256).build();
        String big = "HEAD /demo HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(300) + "\r\n\r\n";
        String answer = assertHeadOnlyRefusal(() -> Wire.server(small), latin1(big), Violation.HEAD_TOO_LARGE);
        assertGetGetsTheBody(() -> Wire.server(small), big.replace("HEAD ", "GET "), answer);
    }

    /** An RFC 6455 request reaching this provider alone: 405 as a HEAD (the method is checked first), 426 as a GET. */
    @Test
    void anRfc6455RequestAloneGetsNoBodyAsHeadAndTheTextAsGet() {
        String rfc = "HEAD / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        assertHeadOnlyRefusal(SERVER, latin1(rfc), Violation.METHOD_NOT_GET);
        WsEngine get = SERVER.get();
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> get.receive(ByteBuffer.wrap(latin1(rfc.replace("HEAD ", "GET ")))));
        assertEquals(426, e.httpStatus());
        assertTrue(text(get.pollOutput()).endsWith("\r\n\r\n" + e.getMessage() + "\n"), "a GET gets the text");
    }

    @Test
    void theApplicationsAnswerToAPlainHeadHasNoBody() {
        HttpResponse page = HttpResponse.of(404, HttpHeaders.EMPTY, "text/plain", "no\n");
        WsEngine get = SERVER.get();
        assertInstanceOf(WsEvent.PlainHttpRequest.class,
                get.receive(ByteBuffer.wrap(latin1("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))).get(0));
        String toGet = text(get.reject(page));
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nno\n", toGet);

        WsEngine head = SERVER.get();
        head.receive(ByteBuffer.wrap(latin1("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")));
        assertEquals(toGet.substring(0, toGet.length() - 3), text(head.reject(page)));
        assertEquals(WsEngine.State.CLOSED, head.state());

        HttpResponse lengthOnly = new HttpResponse(200, "OK", HttpHeaders.of("Content-Length", "4096"), null);
        WsEngine known = SERVER.get();
        known.receive(ByteBuffer.wrap(latin1("HEAD /big HTTP/1.1\r\nHost: a\r\n\r\n")));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n", text(known.reject(lengthOnly)));

        WsEngine bad = SERVER.get();
        bad.receive(ByteBuffer.wrap(latin1("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")));
        WsUsageException e = assertThrows(WsUsageException.class, () -> bad.reject(new HttpResponse(200, "OK",
                HttpHeaders.of("Content-Length", "-1"), null)));
        assertEquals("The Content-Length of a response to HEAD must be a decimal number of bytes (RFC 9110 section "
                + "8.6) but was '-1'.", e.getMessage());
    }
}
