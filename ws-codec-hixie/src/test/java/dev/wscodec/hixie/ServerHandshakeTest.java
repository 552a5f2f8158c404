package dev.wscodec.hixie;

import static dev.wscodec.hixie.Wire.EXAMPLE_ANSWER;
import static dev.wscodec.hixie.Wire.EXAMPLE_HEAD;
import static dev.wscodec.hixie.Wire.EXAMPLE_KEY3;
import static dev.wscodec.hixie.Wire.HEAD_75;
import static dev.wscodec.hixie.Wire.latin1;
import static dev.wscodec.hixie.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's opening handshake, draft-hixie-76 (with the key challenge) and draft-hixie-75 (without). */
class ServerHandshakeTest {

    private static final String EXAMPLE_RESPONSE = "HTTP/1.1 101 WebSocket Protocol Handshake\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Origin: http://example.com\r\n"
            + "Sec-WebSocket-Location: ws://example.com/demo\r\n"
            + "Sec-WebSocket-Protocol: sample\r\n"
            + "\r\n"
            + EXAMPLE_ANSWER;

    /** draft-hixie-76 section 1.3: the keys, the eight bytes and the 16-byte answer of the worked example. */
    @Test
    void theDraftsWorkedExampleAtEverySplit() {
        byte[] wire = latin1(EXAMPLE_HEAD + EXAMPLE_KEY3);
        Wire.everySplit(() -> Wire.server(WsConfig.DEFAULT), wire, (engine, events) -> {
            assertEquals(1, events.size(), () -> "events: " + events);
            WsEvent.UpgradeRequest up = assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0));
            assertEquals("/demo", up.request().target());
            assertEquals(WsEngine.State.AWAITING_DECISION, engine.state());
            assertEquals(EXAMPLE_RESPONSE, text(engine.accept(Accept.DEFAULT)));
            assertEquals(WsEngine.State.OPEN, engine.state());
            WsEvent.HandshakeAccepted done = engine.handshake();
            assertEquals("sample", done.subprotocol());
            assertEquals(EXAMPLE_ANSWER, text(done.response().body()));
        });
    }

    @Test
    void theAnswerComesFromTheKeysAndTheEightBytes() {
        long n1 = KeyChallenge.keyNumber("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
        long n2 = KeyChallenge.keyNumber("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
        assertEquals(829309203L, n1);
        assertEquals(259970620L, n2);
        assertEquals(EXAMPLE_ANSWER, new String(KeyChallenge.answer(n1, n2, latin1(EXAMPLE_KEY3)),
                java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void noRequestEventUntilAllEightBytesArrived() {
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        List<WsEvent> events = server.receive(ByteBuffer.wrap(latin1(EXAMPLE_HEAD + "^n:ds[4")));
        assertTrue(events.isEmpty());
        assertEquals(WsEngine.State.HANDSHAKE, server.state());
        events = server.receive(ByteBuffer.wrap(latin1("U")));
        assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0));
    }

    @Test
    void draft75AnswersWithoutChallengeAndWithThe75Names() {
        Wire.everySplit(() -> Wire.server(WsConfig.DEFAULT), latin1(HEAD_75), (engine, events) -> {
            assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0));
            assertEquals("HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                    + "Upgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "WebSocket-Origin: file://\r\n"
                    + "WebSocket-Location: ws://localhost:9999/chat?room=1\r\n"
                    + "WebSocket-Protocol: chat\r\n"
                    + "\r\n", text(engine.accept(Accept.DEFAULT)));
        });
    }

    @Test
    void aSecureConnectionAnswersWithWss() {
        WsEngine server = new HixieProvider().newServerEngine(WsConfig.DEFAULT, true);
        server.receive(ByteBuffer.wrap(latin1(EXAMPLE_HEAD + EXAMPLE_KEY3)));
        assertTrue(text(server.accept(Accept.DEFAULT)).contains("\r\nSec-WebSocket-Location: wss://example.com/demo\r\n"));
    }

    @Test
    void noProtocolHeaderWhenNoneWasAskedForOrTheServerDoesNotSpeakIt() {
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        server.receive(ByteBuffer.wrap(latin1(EXAMPLE_HEAD.replace("Sec-WebSocket-Protocol: sample\r\n", "")
                + EXAMPLE_KEY3)));
        String answer = text(server.accept(Accept.DEFAULT));
        assertTrue(!answer.contains("-Protocol:"), answer);

        WsEngine picky = Wire.server(WsConfig.builder().subprotocols("chat").build());
        picky.receive(ByteBuffer.wrap(latin1(EXAMPLE_HEAD + EXAMPLE_KEY3)));
        assertTrue(!text(picky.accept(Accept.DEFAULT)).contains("-Protocol:"));
        assertNull(picky.handshake().subprotocol());
    }

    @Test
    void acceptingAProtocolTheClientDidNotAskForIsAUsageError() {
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        server.receive(ByteBuffer.wrap(latin1(EXAMPLE_HEAD + EXAMPLE_KEY3)));
        WsUsageException e = assertThrows(WsUsageException.class, () -> server.accept(Accept.withSubprotocol("chat")));
        assertEquals("The subprotocol 'chat' cannot be chosen because the client asked for 'sample' "
                + "(draft-hixie-76 section 5.2).", e.getMessage());
        assertEquals(WsEngine.State.AWAITING_DECISION, server.state());
    }

    @Test
    void aKeyWithoutSpacesIsRefusedWith400() {
        String head = EXAMPLE_HEAD.replace("4 @1  46546xW%0l 1 5", "4@146546xW%0l15");
        WsProtocolException e = Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(head + EXAMPLE_KEY3),
                Violation.BAD_KEY);
        assertEquals("The key Sec-WebSocket-Key1 has no space, a symptom of a cross-protocol attack "
                + "(draft-hixie-76 section 5.2 step 4).", e.getMessage());
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        assertThrows(WsProtocolException.class, () -> server.receive(ByteBuffer.wrap(latin1(head))));
        String answer = text(server.pollOutput());
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
        assertTrue(answer.endsWith("\r\n\r\n" + e.getMessage() + "\n"), answer);
    }

    @Test
    void aKeyWhoseNumberTheSpacesDoNotDivideIsRefusedWith400() {
        String head = EXAMPLE_HEAD.replace("12998 5 Y3 1  .P00", "12998 5 Y3 1  .P01");
        WsProtocolException e = Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(head + EXAMPLE_KEY3),
                Violation.BAD_KEY);
        assertEquals("The key Sec-WebSocket-Key2 stands for 1299853101, which is not a multiple of its 5 spaces "
                + "(draft-hixie-76 section 5.2 step 4).", e.getMessage());
    }

    @Test
    void oneKeyWithoutTheOtherIsRefused() {
        String head = EXAMPLE_HEAD.replace("Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n", "");
        WsProtocolException e = Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(head), Violation.BAD_KEY);
        assertEquals(400, e.httpStatus());
    }

    @Test
    void aKeyNumberOver32BitsIsRefused() {
        String head = EXAMPLE_HEAD.replace("12998 5 Y3 1  .P00", "9999999999 9");
        Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(head), Violation.BAD_KEY);
    }

    @Test
    void aHeadOverTheLimitIsRefusedWith431() {
        WsConfig small = WsConfig.builder().maxHandshakeSize(256).build();
        String head = EXAMPLE_HEAD.replace("Origin: http://example.com\r\n", "Origin: http://" + "x".repeat(300) + "\r\n");
        Wire.assertFails(() -> Wire.server(small), latin1(head), Violation.HEAD_TOO_LARGE);
    }

    @Test
    void anOriginNotAllowedIsRefusedWith403() {
        WsConfig config = WsConfig.builder().allowedOrigins("https://good.example").build();
        Wire.assertFails(() -> Wire.server(config), latin1(EXAMPLE_HEAD), Violation.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void bareLineFeedsAndFoldedLinesAreMalformed() {
        Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(HEAD_75.replace("\r\nHost", "\nHost")),
                Violation.MALFORMED_REQUEST);
        Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(HEAD_75.replace("Host: ", "Host:\r\n ")),
                Violation.MALFORMED_REQUEST);
    }

    @Test
    void anRfc6455RequestAloneIsRefusedWith426() {
        String rfc = "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        WsProtocolException e = Wire.assertFails(() -> Wire.server(WsConfig.DEFAULT), latin1(rfc),
                Violation.UNSUPPORTED_VERSION);
        assertEquals(426, e.httpStatus());
    }

    @Test
    void aPlainRequestIsReportedAndCanBeAnswered() {
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        List<WsEvent> events = server.receive(ByteBuffer.wrap(latin1("GET / HTTP/1.1\r\nHost: a\r\n\r\n")));
        assertInstanceOf(WsEvent.PlainHttpRequest.class, events.get(0));
        assertThrows(WsUsageException.class, () -> server.accept(Accept.DEFAULT));
        String answer = text(server.reject(HttpResponse.of(404, HttpHeaders.EMPTY, "text/plain", "no\n")));
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nno\n", answer);
        assertEquals(WsEngine.State.CLOSED, server.state());
    }
}
