package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Ping;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The close handshake (RFC 6455 §5.5.1, §7) and what may be sent when. */
class CloseHandshakeTest {

    @Test
    void clientClosesServerEchoesTheCode() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        ByteBuffer close = p.client().send(Close.of(1000, "bye"));
        assertEquals(State.CLOSING, p.client().state());
        assertEquals(Initiator.LOCAL, p.client().closeInitiator());
        assertEquals(CloseStatus.of(1000, "bye"), p.client().closeStatus());

        List<WsEvent> atServer = p.server().receive(close);
        assertEquals(List.of(Close.of(1000, "bye")), atServer);
        assertEquals(State.CLOSED, p.server().state());
        assertEquals(Initiator.PEER, p.server().closeInitiator());
        assertEquals(CloseStatus.of(1000, "bye"), p.server().closeStatus());
        ByteBuffer echo = p.server().pollOutput();
        assertArrayEquals(hex("88 02 03 e8"), bytes(echo), "the echo carries the code, unmasked");

        List<WsEvent> atClient = p.client().receive(echo);
        assertEquals(List.of(Close.of(1000, "")), atClient);
        assertEquals(State.CLOSED, p.client().state());
        assertEquals(Initiator.LOCAL, p.client().closeInitiator());
        assertEquals(CloseStatus.of(1000, "bye"), p.client().closeStatus(), "the status this side sent first");
        assertNull(p.client().pollOutput(), "no reply to the reply");
    }

    @Test
    void serverClosesClientEchoesMasked() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        ByteBuffer close = p.server().send(Close.of(4000, "app"));
        assertArrayEquals(hex("88 05 0f a0 61 70 70"), bytes(close));
        assertEquals(List.of(Close.of(4000, "app")), p.client().receive(close));
        ByteBuffer echo = p.client().pollOutput();
        assertEquals(CloseStatus.of(4000, ""), ViolationAssert.parseClose(echo.duplicate()));
        assertEquals(0x80, bytes(echo)[1] & 0x80, "client frames are masked");
        assertEquals(List.of(Close.of(4000, "")), p.server().receive(echo));
        assertEquals(State.CLOSED, p.server().state());
    }

    @Test
    void emptyCloseIsEchoedEmpty() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        List<WsEvent> events = server.receive(ByteBuffer.wrap(clientFrame(0x88, new byte[0], KEY)));
        assertEquals(List.of(new Close(CloseStatus.EMPTY)), events);
        assertArrayEquals(hex("88 00"), bytes(server.pollOutput()));
        assertEquals(CloseStatus.EMPTY, server.closeStatus());
    }

    @Test
    void sendingAnEmptyClose() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        assertArrayEquals(hex("88 00"), bytes(p.server().send(new Close(CloseStatus.EMPTY))));
    }

    @Test
    void framesAfterThePeersCloseAreIgnored() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] wire = concat(clientFrame(0x88, hex("03 e8"), KEY), clientFrame(0x81, hex("41"), KEY), hex("FF FF"));
        assertEquals(List.of(Close.of(1000, "")), server.receive(ByteBuffer.wrap(wire)));
        assertTrue(server.receive(ByteBuffer.wrap(clientFrame(0x81, hex("41"), KEY))).isEmpty());
        assertArrayEquals(hex("88 02 03 e8"), bytes(server.pollOutput()));
        assertNull(server.pollOutput());
    }

    @Test
    void dataStillArrivesWhileClosing() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        ByteBuffer fromServer = p.server().send(TextMessage.of("late"));
        ByteBuffer ping = p.server().send(Ping.of("p"));
        p.client().send(Close.of(1001, ""));
        List<WsEvent> events = p.client().receive(ByteBuffer.wrap(concat(bytes(fromServer), bytes(ping))));
        assertEquals(TextMessage.of("late"), events.get(0));
        assertInstanceOf(Ping.class, events.get(1));
        assertNull(p.client().pollOutput(), "no pong after our close frame");
        assertEquals(State.CLOSING, p.client().state());
    }

    @Test
    void nothingCanBeSentAfterAClose() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        p.client().send(Close.of(1000, ""));
        WsUsageException e = assertThrows(WsUsageException.class, () -> p.client().send(TextMessage.of("x")));
        assertEquals("A close frame was already sent, so nothing more can be sent on this connection "
                + "(RFC 6455 section 5.5.1).", e.getMessage());
        assertThrows(WsUsageException.class, () -> p.client().send(Close.of(1000, "")));
        assertThrows(WsUsageException.class, () -> p.client().send(Ping.of("")));
        assertEquals(State.CLOSING, p.client().state());
    }

    @Test
    void nothingCanBeSentWhenClosed() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        p.server().receive(p.client().send(Close.of(1000, "")));
        WsUsageException e = assertThrows(WsUsageException.class, () -> p.server().send(Close.of(1000, "")));
        assertEquals("The connection is closed, so nothing more can be sent on it.", e.getMessage());
    }

    @Test
    void closeStatusesThatCannotBeSent() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        for (int code : new int[] {999, 1004, 1006, 1015, 2000, 5000}) {
            WsUsageException e = assertThrows(WsUsageException.class, () -> p.server().send(Close.of(code, "")));
            assertEquals("The close code " + code + " cannot be sent in a close frame; use 1000-1003, 1007-1014 or "
                    + "3000-4999 (RFC 6455 section 7.4).", e.getMessage());
        }
        assertThrows(WsUsageException.class, () -> p.server().send(Close.of(1005, "reason")));
        String tooLong = "é".repeat(62); // 124 bytes in UTF-8
        WsUsageException e = assertThrows(WsUsageException.class, () -> p.server().send(Close.of(1000, tooLong)));
        assertEquals("The close reason is 124 bytes long in UTF-8 but at most 123 fit in a close frame "
                + "(RFC 6455 section 5.5.1).", e.getMessage());
        assertEquals(State.OPEN, p.server().state(), "a refused send changes nothing");
        assertEquals(127, p.server().send(Close.of(1000, "a" + "é".repeat(61))).remaining());
    }

    @Test
    void aFaultWhileClosingSendsNoSecondClose() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        p.server().send(Close.of(1000, ""));
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> p.server().receive(ByteBuffer.wrap(hex("81 00"))));
        assertEquals(Violation.UNMASKED_CLIENT_FRAME, e.violation());
        assertNull(p.server().pollOutput());
        assertEquals(State.CLOSED, p.server().state());
        assertEquals(Initiator.LOCAL, p.server().closeInitiator());
        assertEquals(CloseStatus.of(1000, ""), p.server().closeStatus());
    }

    @Test
    void longFaultMessagesAreCutToFitTheCloseFrame() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> server.receive(
                ByteBuffer.wrap(concat(clientFrame(0x01, hex("41"), KEY), clientFrame(0x81, hex("41"), KEY)))));
        CloseStatus sent = ViolationAssert.parseClose(server.pollOutput());
        assertTrue(e.getMessage().length() > 123);
        assertEquals(e.getMessage().substring(0, 123), sent.reason());
    }

    @Test
    void releaseIsIdempotent() {
        TestSupport.Pair p = TestSupport.open(WsConfig.builder().deflate(dev.wscodec.api.DeflateConfig.DEFAULT).build());
        p.client().release();
        p.client().release();
        p.server().release();
    }
}
