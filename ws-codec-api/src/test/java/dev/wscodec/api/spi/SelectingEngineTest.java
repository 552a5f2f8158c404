package dev.wscodec.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Role;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsUsageException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * When {@link SelectingEngine} chooses: at the end of a request head, at the head limit, and as soon as the bytes
 * cannot be an HTTP request line (RFC 9112 section 3), which goes to the first provider without waiting for a head
 * that never comes. Every input is fed split at every offset and one byte at a time.
 */
class SelectingEngineTest {

    /**
     * A provider that claims every request it is asked about (the "second") or none (the "first"), and records the
     * engines it made.
     */
    private static final class Recording implements WsCodecProvider {
        final String name;
        final List<RecordingEngine> made = new ArrayList<>();

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public java.util.Set<String> features() {
            return java.util.Set.of(name);
        }

        @Override
        public boolean claims(HandshakeRequest request) {
            return name.equals("second");
        }

        @Override
        public WsEngine newServerEngine(WsConfig config) {
            RecordingEngine e = new RecordingEngine();
            made.add(e);
            return e;
        }

        @Override
        public WsEngine newClientEngine(WsConfig config, ClientHandshake handshake) {
            throw new UnsupportedOperationException("The test provider has no client.");
        }
    }

    /** An engine that keeps every byte it receives. */
    private static final class RecordingEngine implements WsEngine {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
            byte[] b = new byte[in.remaining()];
            in.get(b);
            received.writeBytes(b);
        }

        @Override
        public Role role() {
            return Role.SERVER;
        }

        @Override
        public State state() {
            return State.HANDSHAKE;
        }

        @Override
        public ByteBuffer openingHandshake() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer pollOutput() {
            return null;
        }

        @Override
        public ByteBuffer accept(Accept accept) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer reject(HttpResponse response) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer send(Outbound frame) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WsEvent.HandshakeAccepted handshake() {
            return null;
        }

        @Override
        public Initiator closeInitiator() {
            return null;
        }

        @Override
        public CloseStatus closeStatus() {
            return null;
        }

        @Override
        public void release() {
        }
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Feeds {@code wire} split at every offset and then byte by byte, to selections of a first and a second
     * provider (which claims every request). The first must get the connection, with every byte, exactly when
     * {@code decisive} bytes have arrived; the second must never make an engine.
     */
    private static void assertFirstChosenAt(byte[] wire, int decisive, WsConfig config) {
        for (int at = 0; at <= wire.length; at++) {
            Recording first = new Recording("first");
            Recording second = new Recording("second");
            WsEngine engine = ProviderSelection.serverEngine(List.of(first, second), config, false);
            engine.receive(ByteBuffer.wrap(wire, 0, at), e -> { });
            int split = at;
            assertEquals(at >= decisive ? 1 : 0, first.made.size(), () -> "split at " + split);
            engine.receive(ByteBuffer.wrap(wire, at, wire.length - at), e -> { });
            assertEquals(1, first.made.size(), () -> "split at " + split);
            assertEquals(0, second.made.size(), () -> "split at " + split);
            assertArrayEquals(wire, first.made.get(0).received.toByteArray(), () -> "split at " + split);
        }
        Recording first = new Recording("first");
        WsEngine engine = ProviderSelection.serverEngine(List.of(first, new Recording("second")), config, false);
        for (int i = 0; i < wire.length; i++) {
            engine.receive(ByteBuffer.wrap(wire, i, 1), e -> { });
            int n = i + 1;
            assertEquals(n >= decisive ? 1 : 0, first.made.size(), () -> "byte by byte, after " + n + " bytes");
        }
        assertArrayEquals(wire, first.made.get(0).received.toByteArray());
    }

    private static void assertFirstChosenAt(byte[] wire, int decisive) {
        assertFirstChosenAt(wire, decisive, WsConfig.DEFAULT);
    }

    @Test
    void aTlsClientHelloGoesToTheFirstProviderAtItsFirstByte() {
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC, 0x03, 0x03, 0x5A, 0x1B};
        assertFirstChosenAt(hello, 1);
    }

    @Test
    void binaryJunkGoesToTheFirstProviderAtItsFirstByte() {
        assertFirstChosenAt(new byte[] {0, (byte) 0xFF, 0x13, 0x37, 0, 0, 0}, 1);
        assertFirstChosenAt(new byte[] {(byte) 0x80, 'G', 'E', 'T', ' '}, 1);
    }

    @Test
    void aLineWithoutSpaceGoesToTheFirstProviderAtItsCr() {
        assertFirstChosenAt(latin1("GARBAGE\r\n\r\n"), 8);
        assertFirstChosenAt(latin1("GARBAGE\r\nMORE GARBAGE"), 8);
    }

    @Test
    void aMalformedRequestLineGoesToTheFirstProviderAtTheFirstWrongByte() {
        assertFirstChosenAt(latin1("\r\nGET / HTTP/1.1\r\n\r\n"), 1);      // an empty line before the request line
        assertFirstChosenAt(latin1("GET  / HTTP/1.1\r\n\r\n"), 5);         // an empty target
        assertFirstChosenAt(latin1("GET /a\tb HTTP/1.1\r\n\r\n"), 7);      // whitespace in the target
        assertFirstChosenAt(latin1("GET /a\u0001 HTTP/1.1\r\n\r\n"), 7);   // a control character
        assertFirstChosenAt(latin1("GET / FTP/1.0\r\n\r\n"), 7);           // not an HTTP version
        assertFirstChosenAt(latin1("GET / HTTP/11\r\n\r\n"), 13);          // HTTP-version is DIGIT "." DIGIT
        assertFirstChosenAt(latin1("GET / HTTP/1.1 \r\n\r\n"), 15);        // a third space
        assertFirstChosenAt(latin1("GET / HTTP/1.1\n\n"), 15);             // a bare LF
        assertFirstChosenAt(latin1("GET / HTTP/1.1\rX\r\n\r\n"), 16);      // a CR without LF
        assertFirstChosenAt(latin1("GET(/) / HTTP/1.1\r\n\r\n"), 4);       // a method that is not a token
    }

    @Test
    void aWellFormedRequestWaitsForItsWholeHeadAndGoesToTheClaimingProvider() {
        byte[] wire = latin1("GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: x\r\n\r\n");
        for (int at = 0; at <= wire.length; at++) {
            Recording first = new Recording("first");
            Recording second = new Recording("second");
            WsEngine engine = ProviderSelection.serverEngine(List.of(first, second), WsConfig.DEFAULT, false);
            engine.receive(ByteBuffer.wrap(wire, 0, at), e -> { });
            assertEquals(at == wire.length ? 1 : 0, second.made.size());
            engine.receive(ByteBuffer.wrap(wire, at, wire.length - at), e -> { });
            assertEquals(0, first.made.size());
            assertArrayEquals(wire, second.made.get(0).received.toByteArray());
        }
    }

    @Test
    void aRequestLineThatIsNotJunkWaitsUntilTheHeadLimit() {
        WsConfig small = WsConfig.builder().maxHandshakeSize(256).build();
        byte[] longHeader = latin1("GET / HTTP/1.1\r\nX: " + "y".repeat(300) + "\r\n\r\n");
        assertFirstChosenAt(longHeader, 257, small);
        byte[] longMethod = latin1("A".repeat(300));  // a token may be long: only the head limit ends it
        assertFirstChosenAt(longMethod, 257, small);
    }

    @Test
    void beforeTheChoiceNothingCanBeDecided() {
        WsEngine engine = ProviderSelection.serverEngine(List.of(new Recording("first"), new Recording("second")),
                WsConfig.DEFAULT, false);
        engine.receive(ByteBuffer.wrap(latin1("GET / HTTP/1.1\r\n")), e -> { });
        assertNull(engine.pollOutput());
        assertThrows(WsUsageException.class, () -> engine.accept(Accept.DEFAULT));
        assertSame(Role.SERVER, engine.role());
        assertEquals(WsEngine.State.HANDSHAKE, engine.state());
        assertEquals("SelectingEngine[reading the request head]", engine.toString());
    }
}
