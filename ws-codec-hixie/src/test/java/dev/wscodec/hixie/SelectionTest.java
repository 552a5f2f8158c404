package dev.wscodec.hixie;

import static dev.wscodec.hixie.Wire.latin1;
import static dev.wscodec.hixie.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.ProviderSelection;
import dev.wscodec.api.spi.WsCodecProvider;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One port, two protocols: {@link ProviderSelection} with the real rfc6455 provider (ws-codec-impl) first and
 * hixie-76 second hands each request head to the provider that claims it.
 */
class SelectionTest {

    private static final String RFC6455_HEAD = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    private static final Supplier<WsEngine> BOTH = () -> ProviderSelection.serverEngine(
            List.of(WsCodecProvider.lookup(), WsCodecProvider.lookup(HixieProvider.NAME)), WsConfig.DEFAULT, false);
    private static final Supplier<WsEngine> RFC_ONLY = () -> ProviderSelection.serverEngine(
            List.of(WsCodecProvider.lookup()), WsConfig.DEFAULT, false);

    @Test
    void theDefaultProviderStaysRfc6455() {
        assertEquals("rfc6455", WsCodecProvider.lookup().name());
        assertEquals("hixie-76", WsCodecProvider.lookup("hixie-76").name());
    }

    @Test
    void aHixie76RequestGoesToHixieAtEverySplit() {
        byte[] wire = Wire.concat(latin1(Wire.EXAMPLE_HEAD + Wire.EXAMPLE_KEY3), Wire.hex("00 61 ff"));
        Wire.everySplit(BOTH, wire, (engine, events) -> {
            assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0));
            assertTrue(text(engine.accept(Accept.DEFAULT)).endsWith(Wire.EXAMPLE_ANSWER));
            assertFalse(engine.supportsPing());
            assertEquals("a", assertInstanceOf(TextMessage.class, engine.receive(ByteBuffer.allocate(0)).get(0)).text());
        });
    }

    @Test
    void aHixie75RequestGoesToHixie() {
        WsEngine engine = BOTH.get();
        engine.receive(ByteBuffer.wrap(latin1(Wire.HEAD_75)));
        assertTrue(text(engine.accept(Accept.DEFAULT)).startsWith("HTTP/1.1 101 Web Socket Protocol Handshake\r\n"));
    }

    @Test
    void anRfc6455RequestStaysWithRfc6455AtEverySplit() {
        Wire.everySplit(BOTH, latin1(RFC6455_HEAD), (engine, events) -> {
            assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0));
            String answer = text(engine.accept(Accept.DEFAULT));
            assertTrue(answer.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), answer);
            assertTrue(engine.supportsPing());
        });
    }

    @Test
    void aPlainRequestGoesToTheFirstProvider() {
        WsEngine engine = BOTH.get();
        List<WsEvent> events = engine.receive(ByteBuffer.wrap(latin1("GET / HTTP/1.1\r\nHost: a\r\n\r\n")));
        assertInstanceOf(WsEvent.PlainHttpRequest.class, events.get(0));
    }

    @Test
    void withoutTheLegacyProviderAHixieRequestStillGets426() {
        WsProtocolException e = Wire.assertFails(RFC_ONLY, latin1(Wire.EXAMPLE_HEAD), Violation.UNSUPPORTED_VERSION);
        WsEngine engine = RFC_ONLY.get();
        assertThrows(WsProtocolException.class, () -> engine.receive(ByteBuffer.wrap(latin1(Wire.EXAMPLE_HEAD))));
        String answer = text(engine.pollOutput());
        assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), answer);
        assertTrue(answer.endsWith(e.getMessage() + "\n"), answer);
    }

    @Test
    void aHeadOverTheLimitGoesToTheFirstProviderWhichAnswers431() {
        WsConfig small = WsConfig.builder().maxHandshakeSize(256).build();
        Supplier<WsEngine> engines = () -> ProviderSelection.serverEngine(
                List.of(WsCodecProvider.lookup(), new HixieProvider()), small, false);
        String big = Wire.EXAMPLE_HEAD.replace("Origin: http://example.com", "Origin: http://" + "x".repeat(300));
        Wire.assertFails(engines, latin1(big), Violation.HEAD_TOO_LARGE);
    }

    /**
     * Bytes that cannot be an HTTP request go to rfc6455 as soon as that is clear, and get exactly the answer the
     * rfc6455 engine gives when it serves the port alone, at every split; a TLS ClientHello is refused at its first
     * byte instead of waiting out the handshake timeout for a head that never comes.
     */
    @Test
    void junkIsAnsweredAsRfc6455AloneAnswersIt() {
        byte[] hello = Wire.hex("16 03 01 02 00 01 00 01 fc 03 03 5a 1b");
        List<byte[]> junk = List.of(hello, Wire.hex("00 ff 13 37 00 00"), latin1("GARBAGE\r\n\r\n"),
                latin1("GET /demo FTP/1.0\r\nUpgrade: WebSocket\r\n\r\n"));
        for (byte[] wire : junk) {
            WsProtocolException e = Wire.assertFails(BOTH, wire, Violation.MALFORMED_REQUEST);
            String alone = refusal(RFC_ONLY.get(), wire);
            assertTrue(alone.startsWith("HTTP/1.1 400 Bad Request\r\n") && alone.endsWith(e.getMessage() + "\n"),
                    alone);
            for (int at = 0; at <= wire.length; at++) {
                WsEngine engine = BOTH.get();
                int split = at;
                assertThrows(WsProtocolException.class, () -> Wire.feedSplit(engine, wire, split));
                assertEquals(alone, text(engine.pollOutput()), () -> "split at " + split);
            }
        }
        WsEngine engine = BOTH.get();
        assertThrows(WsProtocolException.class, () -> engine.receive(ByteBuffer.wrap(hello, 0, 1)));
        assertEquals(WsEngine.State.CLOSED, engine.state());
        assertEquals(refusal(RFC_ONLY.get(), hello), text(engine.pollOutput()));
    }

    private static String refusal(WsEngine engine, byte[] wire) {
        assertThrows(WsProtocolException.class, () -> engine.receive(ByteBuffer.wrap(wire)));
        return text(engine.pollOutput());
    }

    @Test
    void oneProviderStandsForSeveral() {
        WsCodecProvider both = ProviderSelection.provider(List.of(WsCodecProvider.lookup(), new HixieProvider()));
        assertEquals("rfc6455", both.name());
        assertTrue(both.features().containsAll(List.of("rfc6455", "hixie-76", "hixie-75")));
        WsEngine engine = both.newServerEngine(WsConfig.DEFAULT, true);
        engine.receive(ByteBuffer.wrap(latin1(Wire.EXAMPLE_HEAD + Wire.EXAMPLE_KEY3)));
        assertTrue(text(engine.accept(Accept.DEFAULT)).contains("Sec-WebSocket-Location: wss://example.com/demo"));
        dev.wscodec.api.PreparedMessage prepared = both.prepare(TextMessage.of("x"), null);
        assertEquals("rfc6455", prepared.provider());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertFalse(engine.send(prepared, b -> out.writeBytes(Wire.bytes(b))), "hixie encodes the message itself");
        assertEquals("00 78 ff", java.util.HexFormat.ofDelimiter(" ").formatHex(out.toByteArray()));
    }

    /** A third provider: it claims heads with its own marker; asked before hixie-76, it gets those heads. */
    @Test
    void aThirdProviderIsAddedTheSameWay() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        WsCodecProvider third = new WsCodecProvider() {
            @Override
            public String name() {
                return "third";
            }

            @Override
            public java.util.Set<String> features() {
                return java.util.Set.of("third");
            }

            @Override
            public boolean claims(dev.wscodec.api.HandshakeRequest request) {
                return request.headers().contains("X-Third");
            }

            @Override
            public WsEngine newServerEngine(WsConfig config) {
                made.incrementAndGet();
                return new HixieProvider().newServerEngine(config); // any engine will do for the test
            }

            @Override
            public WsEngine newClientEngine(WsConfig config, dev.wscodec.api.ClientHandshake handshake) {
                throw new UnsupportedOperationException("The test provider has no client.");
            }
        };
        List<WsCodecProvider> three = List.of(WsCodecProvider.lookup(), third, new HixieProvider());
        ProviderSelection.serverEngine(three, WsConfig.DEFAULT, false)
                .receive(ByteBuffer.wrap(latin1(Wire.HEAD_75.replace("\r\n\r\n", "\r\nX-Third: 1\r\n\r\n"))));
        assertEquals(1, made.get());
        ProviderSelection.serverEngine(three, WsConfig.DEFAULT, false).receive(ByteBuffer.wrap(latin1(Wire.HEAD_75)));
        ProviderSelection.serverEngine(three, WsConfig.DEFAULT, false).receive(ByteBuffer.wrap(latin1(RFC6455_HEAD)));
        assertEquals(1, made.get(), "heads without the marker go to hixie-76 and rfc6455");
    }

    @Test
    void noProviderAtAllIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ProviderSelection.serverEngine(List.of(), WsConfig.DEFAULT,
                false));
    }
}
