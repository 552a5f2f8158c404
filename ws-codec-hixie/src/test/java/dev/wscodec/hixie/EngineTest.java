package dev.wscodec.hixie;

import static dev.wscodec.hixie.Wire.bytes;
import static dev.wscodec.hixie.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Pong;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sending, closing, what the protocol lacks, and a client engine talking to a server engine. */
class EngineTest {

    @Test
    void textIsFramedBetween00AndFF() {
        WsEngine server = Wire.openServer(WsConfig.DEFAULT);
        assertArrayEquals(hex("00 c3 a9 ff"), bytes(server.send(TextMessage.of("é"))));
        ByteBuffer first = server.send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(hex("61")), true, false));
        ByteBuffer last = server.send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(hex("62")), false, true));
        assertArrayEquals(hex("00 61"), bytes(first));
        assertArrayEquals(hex("62 ff"), bytes(last));
    }

    @Test
    void sendingBinaryIsAUsageErrorWithAClearMessage() {
        WsEngine server = Wire.openServer(WsConfig.DEFAULT);
        WsUsageException e = assertThrows(WsUsageException.class, () -> server.send(BinaryMessage.of(new byte[]{1})));
        assertEquals("A binary message cannot be sent with draft-hixie-76 (or -75): the protocol has text frames "
                + "only. Send text, or use an RFC 6455 connection.", e.getMessage());
        assertEquals(WsEngine.State.OPEN, server.state());
        assertArrayEquals(hex("00 61 ff"), bytes(server.send(TextMessage.of("a"))));
    }

    @Test
    void thereAreNoPings() {
        WsEngine server = Wire.openServer(WsConfig.DEFAULT);
        assertFalse(server.supportsPing());
        WsUsageException e = assertThrows(WsUsageException.class, () -> server.send(Ping.of("x")));
        assertTrue(e.getMessage().startsWith("draft-hixie-76 (and -75) has no ping frames;"), e.getMessage());
        assertThrows(WsUsageException.class, () -> server.send(new Pong(ByteBuffer.allocate(0))));
    }

    @Test
    void aLocalCloseSendsFF00AndEndsWhenThePeerAnswers() {
        WsEngine server = Wire.openServer(WsConfig.DEFAULT);
        assertArrayEquals(hex("ff 00"), bytes(server.send(Close.of(1000, "bye"))));
        assertEquals(WsEngine.State.CLOSING, server.state());
        assertThrows(WsUsageException.class, () -> server.send(TextMessage.of("late")));
        List<WsEvent> events = server.receive(ByteBuffer.wrap(hex("00 61 ff ff 00")));
        assertEquals("a", assertInstanceOf(TextMessage.class, events.get(0)).text()); // still delivered
        assertEquals(new Close(CloseStatus.EMPTY), events.get(1));
        assertEquals(WsEngine.State.CLOSED, server.state());
        assertEquals(WsEngine.Initiator.LOCAL, server.closeInitiator());
        assertEquals(1000, server.closeStatus().code());
        assertEquals(null, server.pollOutput());
    }

    @Test
    void aDraft75CloseEndsAtOnce() {
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        server.receive(ByteBuffer.wrap(Wire.latin1(Wire.HEAD_75)));
        server.accept(Accept.DEFAULT);
        assertEquals(0, server.send(Close.of(1001, "")).remaining());
        assertEquals(WsEngine.State.CLOSED, server.state());
    }

    @Test
    void framesThatCameWithTheHandshakeAreDecodedAfterAccept() {
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        byte[] wire = Wire.concat(Wire.latin1(Wire.EXAMPLE_HEAD + Wire.EXAMPLE_KEY3), hex("00 68 69 ff"));
        List<WsEvent> events = server.receive(ByteBuffer.wrap(wire));
        assertEquals(1, events.size());
        server.accept(Accept.DEFAULT);
        assertEquals("hi", assertInstanceOf(TextMessage.class, server.receive(ByteBuffer.allocate(0)).get(0)).text());
    }

    @Test
    void aClientAndAServerEngineTalk() {
        WsConfig config = WsConfig.builder().random(new Random(7)).build();
        WsEngine client = new HixieProvider().newClientEngine(config, new ClientHandshake("example.com:80", "/chat",
                List.of("chat"), HttpHeaders.of("Origin", "http://example.com")));
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        byte[] request = bytes(client.openingHandshake());
        String head = new String(request, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("GET /chat HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"), head);
        Wire.everySplit(() -> Wire.server(WsConfig.DEFAULT), request,
                (engine, events) -> assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0)));
        server.receive(ByteBuffer.wrap(request));
        byte[] response = bytes(server.accept(Accept.DEFAULT));
        byte[] hello = bytes(server.send(TextMessage.of("hello")));
        byte[] wire = Wire.concat(response, hello);
        List<WsEvent> events = client.receive(ByteBuffer.wrap(wire));
        WsEvent.HandshakeAccepted accepted = assertInstanceOf(WsEvent.HandshakeAccepted.class, events.get(0));
        assertEquals("chat", accepted.subprotocol());
        assertEquals("hello", assertInstanceOf(TextMessage.class, events.get(1)).text());
        assertEquals("hi", assertInstanceOf(TextMessage.class,
                server.receive(client.send(TextMessage.of("hi"))).get(0)).text());
        assertFalse(client.supportsPing());
        server.receive(client.send(Close.of(1000, "")));
        client.receive(server.pollOutput());
        assertEquals(WsEngine.State.CLOSED, client.state());
        assertEquals(WsEngine.State.CLOSED, server.state());
    }

    @Test
    void aClientReadsTheResponseAtEverySplitAndRefusesAWrongAnswer() {
        WsConfig config = WsConfig.builder().random(new Random(11)).build();
        WsEngine template = new HixieProvider().newClientEngine(config, ClientHandshake.of("h", "/"));
        WsEngine server = Wire.server(WsConfig.DEFAULT);
        server.receive(template.openingHandshake());
        byte[] response = bytes(server.accept(Accept.DEFAULT));
        java.util.function.Supplier<WsEngine> clients = () -> {
            WsEngine c = new HixieProvider().newClientEngine(WsConfig.builder().random(new Random(11)).build(),
                    ClientHandshake.of("h", "/"));
            c.openingHandshake();
            return c;
        };
        Wire.everySplit(clients, response,
                (engine, events) -> assertInstanceOf(WsEvent.HandshakeAccepted.class, events.get(0)));
        byte[] wrong = response.clone();
        wrong[wrong.length - 1] ^= 1;
        WsProtocolException e = Wire.assertFails(clients, wrong, Violation.BAD_ACCEPT);
        assertEquals("The server's draft-hixie-76 handshake response answers the key challenge with the wrong 16 "
                + "bytes (draft-hixie-76 section 4.1 step 42).", e.getMessage());
    }

    @Test
    void clientKeysFollowTheDraftsRecipe() {
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            KeyChallenge.Key key = KeyChallenge.newKey(random);
            assertEquals(key.number(), KeyChallenge.keyNumber("key", key.value()), key.value());
            assertFalse(key.value().startsWith(" ") || key.value().endsWith(" "), key.value());
        }
    }

    @Test
    void theProviderClaimsHixieHeadsOnly() {
        HixieProvider p = new HixieProvider();
        assertEquals("hixie-76", p.name());
        assertTrue(p.claims(request("Upgrade", "WebSocket", "Sec-WebSocket-Key1", "1 2")));
        assertTrue(p.claims(request("Upgrade", "WebSocket")));
        assertFalse(p.claims(request("Upgrade", "websocket", "Sec-WebSocket-Version", "13")));
        assertFalse(p.claims(request("Upgrade", "websocket", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")));
        assertFalse(p.claims(request("Accept", "*/*")));
    }

    private static dev.wscodec.api.HandshakeRequest request(String... headers) {
        return new dev.wscodec.api.HandshakeRequest("GET", "/", "HTTP/1.1", HttpHeaders.of(headers));
    }
}
