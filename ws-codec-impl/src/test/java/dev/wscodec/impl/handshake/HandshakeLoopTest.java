package dev.wscodec.impl.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Client handshaker <-> server handshaker without sockets, and garbage fed to both. */
class HandshakeLoopTest {

    @Test
    void clientAndServerAgreeOverRandomSplits() {
        Random random = new Random(6455L);
        for (int round = 0; round < 200; round++) {
            Fixtures.EchoFactory clientFoo = new Fixtures.EchoFactory("foo",
                    List.of(new ExtensionParams("foo", List.of(new ExtensionParams.Param("n", "" + round)))));
            Fixtures.EchoFactory serverFoo = new Fixtures.EchoFactory("foo", List.of());
            ClientHandshake spec = new ClientHandshake("localhost:" + (1024 + round), "/ws?round=" + round,
                    List.of("v2", "v1"), HttpHeaders.of("Origin", "http://localhost"));
            ClientHandshaker client = new ClientHandshaker(WsConfig.DEFAULT, spec, List.of(clientFoo), random);
            ServerHandshaker server = new ServerHandshaker(WsConfig.builder().subprotocols("v1", "v2")
                    .allowedOrigins("http://LOCALHOST").build(), List.of(serverFoo));

            WsEvent.UpgradeRequest up = assertInstanceOf(WsEvent.UpgradeRequest.class,
                    feedInPieces(server::parse, client.request(), random));
            assertEquals(client.handshakeRequest(), up.request());
            ServerHandshaker.ServerAccepted accepted = server.accept(Accept.DEFAULT);
            WsEvent.HandshakeAccepted clientSide = assertInstanceOf(WsEvent.HandshakeAccepted.class,
                    feedInPieces(client::parse, accepted.response(), random));

            assertEquals("v1", clientSide.subprotocol());
            assertEquals(accepted.event().subprotocol(), clientSide.subprotocol());
            assertEquals(accepted.event().extensions(), clientSide.extensions());
            assertEquals("" + round, clientSide.extensions().get(0).value("n"));
            assertEquals(accepted.event().response(), clientSide.response());
            assertEquals(1, client.extensions().size());
        }
    }

    private static WsEvent feedInPieces(java.util.function.Function<ByteBuffer, WsEvent> parser, ByteBuffer wire,
                                        Random random) {
        while (wire.hasRemaining()) {
            int n = 1 + random.nextInt(Math.min(40, wire.remaining()));
            ByteBuffer piece = wire.slice().limit(n);
            wire.position(wire.position() + n);
            WsEvent e = parser.apply(piece);
            if (e != null) {
                assertTrue(!wire.hasRemaining() && !piece.hasRemaining(), "the head ends where the bytes end");
                return e;
            }
        }
        return fail("no event");
    }

    @Test
    void garbageOnlyEverGivesProtocolExceptionsOrEvents() {
        String[] parts = {"GET", " ", "/", "HTTP/1.1", "\r\n", "\r", "\n", ":", "Host", "Upgrade", "websocket",
            "Connection", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13", "\t", ",",
            ";", "=", "\"", "\u0000", "\u00ff", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "HTTP/1.1 101",
            "Sec-WebSocket-Accept", "x"};
        String[] starts = {"GET / HTTP/1.1\r\n", "HTTP/1.1 101 Switching Protocols\r\n", "HTTP/1.1 400 Bad\r\n", ""};
        String[] names = {"Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept", "Origin", "X"};
        Random random = new Random(42L);
        int events = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder(starts[random.nextInt(starts.length)]);
            int lines = random.nextInt(8);
            for (int line = 0; line < lines; line++) {
                sb.append(names[random.nextInt(names.length)]).append(": ");
                int n = random.nextInt(4);
                for (int j = 0; j < n; j++) {
                    sb.append(parts[random.nextInt(parts.length)]);
                }
                sb.append("\r\n");
            }
            if (random.nextInt(4) > 0) {
                sb.append("\r\n");
            }
            byte[] wire = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            events += feedGarbage(new ServerHandshaker(WsConfig.DEFAULT, List.of())::parse, wire, sb);
            events += feedGarbage(new ClientHandshaker(WsConfig.DEFAULT, ClientHandshake.of("h", "/"), List.of(),
                    random)::parse, wire, sb);
        }
        assertTrue(events > 0, "some garbage is a well-formed head");
    }

    private static int feedGarbage(java.util.function.Function<ByteBuffer, WsEvent> parser, byte[] wire,
                                   CharSequence text) {
        try {
            return Fixtures.feedBytewise(parser, wire) != null ? 1 : 0;
        } catch (WsProtocolException e) {
            assertTrue(e.violation().isHandshake(), e.violation().toString());
            assertTrue(e.getMessage().endsWith("."), e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            throw new AssertionError("Unexpected " + e + " for " + text.toString().replace("\r", "\\r")
                    .replace("\n", "\\n"), e);
        }
    }
}
