package dev.wscodec.vertx.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.impl.connection.Lifecycle.State;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The connection's one state, derived from a real engine (client and server engines looped without sockets) and
 * the two transport facts, and how each way of ending is reported once TCP closed.
 */
class LifecycleTest {

    private static final WsCodecProvider PROVIDER = WsCodecProvider.lookup();
    /** A masked client text frame "hi" (RFC 6455 §5.7) with an all-zero mask. */
    private static final byte[] CLIENT_TEXT = {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'};
    /** The same frame with RSV1 set and no extension negotiated: a protocol error (1002). */
    private static final byte[] CLIENT_RSV1 = {(byte) 0xC1, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'};

    private record Pair(WsEngine client, WsEngine server) {
    }

    /** A client and a server engine with the server's upgrade request received, not yet decided. */
    private static Pair deciding() {
        WsEngine client = PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("localhost", "/"));
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        server.receive(client.openingHandshake());
        return new Pair(client, server);
    }

    private static Pair open() {
        Pair p = deciding();
        p.client().receive(p.server().accept(Accept.DEFAULT));
        return p;
    }

    @Test
    void theStateFollowsTheEngineThroughTheHandshakeAndTheCloseHandshake() {
        WsEngine client = PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("localhost", "/"));
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        Lifecycle s = new Lifecycle(server);
        Lifecycle c = new Lifecycle(client);
        assertEquals(State.HANDSHAKE, s.state());
        server.receive(client.openingHandshake());
        assertEquals(State.DECIDING, s.state());
        assertFalse(s.canSend());
        client.receive(server.accept(Accept.DEFAULT));
        assertEquals(State.OPEN, s.state());
        assertEquals(State.OPEN, c.state());
        assertTrue(s.canSend() && s.wasOpened());

        server.receive(client.send(new Close(CloseStatus.NORMAL)));
        assertEquals(State.CLOSING, c.state(), "the client sent its close");
        assertEquals(State.CLOSING, s.state(), "the server answered: its engine is closed, TCP is not");
        assertFalse(s.canSend());
        client.receive(s.engine().pollOutput());
        assertEquals(State.CLOSING, c.state());

        Ending e = s.tcpClosed();
        assertEquals(State.CLOSED, s.state());
        assertNull(e.error(), "a completed close handshake is a clean end");
        assertEquals(1000, e.status().code());
        assertFalse(e.beforeOpen());
        assertNull(s.tcpClosed(), "reported once");
    }

    @Test
    void theSnapshotForOtherThreadsMovesOnlyWhenPublished() {
        Pair p = deciding();
        Lifecycle s = new Lifecycle(p.server());
        s.publish();
        assertFalse(s.isOpen());
        p.server().accept(Accept.DEFAULT);
        assertFalse(s.isOpen(), "not yet published");
        s.publish();
        assertTrue(s.isOpen());
        assertNull(s.knownStatus());
        p.server().send(new Close(CloseStatus.of(4000, "bye")));
        s.publish();
        assertFalse(s.isOpen());
        assertEquals(4000, s.knownStatus().code());
        s.tcpClosed();
        assertFalse(s.isOpen());
        assertEquals(4000, s.knownStatus().code(), "the status this side closed with stays the final one");
    }

    @Test
    void closingTcpIsDecidedOnceAndMakesTheConnectionClosingWhateverTheEngineSays() {
        Lifecycle s = new Lifecycle(open().server());
        assertTrue(s.endTcp());
        assertFalse(s.endTcp(), "already asked for");
        assertTrue(s.endingTcp());
        assertEquals(State.CLOSING, s.state(), "the engine is still open, but nothing more is sent");
        assertFalse(s.canSend());
        s.tcpClosed();
        assertFalse(s.endTcp(), "TCP is closed");
    }

    @Test
    void aRefusalWrittenByThisSideIsACleanEndBeforeOpen() {
        Pair p = deciding();
        Lifecycle s = new Lifecycle(p.server());
        p.server().reject(HttpResponse.of(403));
        assertEquals(State.CLOSING, s.state());
        Ending e = s.tcpClosed();
        assertTrue(e.beforeOpen());
        assertNull(e.error(), "nothing failed: the application refused");
        assertEquals(CloseStatus.ABNORMAL, e.status());
    }

    @Test
    void tcpClosingDuringTheHandshakeFailsItWithAClosedException() {
        Lifecycle c = new Lifecycle(PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("localhost", "/")));
        Ending e = c.tcpClosed();
        assertTrue(e.beforeOpen());
        WsClosedException error = assertInstanceOf(WsClosedException.class, e.error());
        assertEquals("The connection closed before the opening handshake completed.", error.getMessage());
    }

    @Test
    void aProtocolErrorKeepsItsCloseCodeAndTheFirstFailureWins() {
        Lifecycle s = new Lifecycle(open().server());
        WsProtocolException error = assertThrows(WsProtocolException.class,
                () -> s.engine().receive(ByteBuffer.wrap(CLIENT_RSV1)));
        s.failed(error);
        s.failed(new IllegalStateException("later"));
        assertSame(error, s.failure());
        assertEquals(State.CLOSING, s.state());
        Ending e = s.tcpClosed();
        assertSame(error, e.error());
        assertEquals(1002, e.status().code());
        assertFalse(e.beforeOpen());
    }

    @Test
    void aCodecFailureIsAnAbnormalEndEvenThoughTheEngineIsStillOpen() {
        Lifecycle s = new Lifecycle(open().server());
        IllegalStateException bug = new IllegalStateException("a bug in the codec");
        s.failed(bug);
        s.endTcp();
        Ending e = s.tcpClosed();
        assertSame(bug, e.error());
        assertEquals(CloseStatus.ABNORMAL, e.status());
    }

    @Test
    void tcpClosingWhileOpenIsAnAbnormalEndEvenWithDataReceived() {
        Lifecycle s = new Lifecycle(open().server());
        assertEquals(1, s.engine().receive(ByteBuffer.wrap(CLIENT_TEXT)).size());
        Ending e = s.tcpClosed();
        assertEquals(CloseStatus.ABNORMAL, e.status());
        assertEquals("The connection ended without a close handshake.", e.error().getMessage());
    }

    @Test
    void aCloseThisSideSentIsCleanWhenTcpClosesBeforeThePeerAnswers() {
        Lifecycle s = new Lifecycle(open().server());
        s.engine().send(new Close(CloseStatus.NORMAL));
        Ending e = s.tcpClosed();
        assertNull(e.error());
        assertEquals(1000, e.status().code());
    }

    @Test
    void aSocketFailureAfterThisSideClosedIsNotClean() {
        Lifecycle s = new Lifecycle(open().server());
        s.engine().send(new Close(CloseStatus.NORMAL));
        WsClosedException reset = new WsClosedException(CloseStatus.ABNORMAL, "reset");
        s.failed(reset);
        Ending e = s.tcpClosed();
        assertSame(reset, e.error());
        assertEquals(CloseStatus.ABNORMAL, e.status(), "not a protocol error: 1006");
    }
}
