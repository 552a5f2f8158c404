package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An extension factory that rejects the client's offer outright fails the connection with 400, not a stuck engine. */
class AcceptFailureTest {

    private static final class Refusing implements WsExtensionFactory {
        @Override
        public String name() {
            return "x-strict";
        }

        @Override
        public List<ExtensionParams> clientOffers() {
            return List.of(ExtensionParams.of("x-strict"));
        }

        @Override
        public WsExtension acceptOffer(List<ExtensionParams> offers, Role role) {
            throw new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER,
                    "The x-strict offer has no mandatory parameter.");
        }

        @Override
        public WsExtension acceptResponse(ExtensionParams response, Role role) {
            throw new AssertionError("not reached");
        }
    }

    @Test
    void factoryRefusalDuringAcceptAnswers400AndCloses() {
        WsConfig config = WsConfig.builder().extensions(List.of(new Refusing())).build();
        WsEngine client = TestSupport.PROVIDER.newClientEngine(config, ClientHandshake.of("localhost", "/"));
        WsEngine server = TestSupport.PROVIDER.newServerEngine(config);
        List<WsEvent> events = server.receive(client.openingHandshake());
        assertTrue(events.get(0) instanceof WsEvent.UpgradeRequest);

        WsProtocolException e = assertThrows(WsProtocolException.class, () -> server.accept(Accept.DEFAULT));
        assertEquals(400, e.httpStatus());
        assertEquals(WsEngine.State.CLOSED, server.state());
        assertEquals(WsEngine.Initiator.FAILURE, server.closeInitiator());
        String response = new String(bytes(server.pollOutput()), StandardCharsets.ISO_8859_1);
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
        assertNull(server.handshake());
        assertTrue(server.receive(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0})).isEmpty(), "input ignored after failure");
    }
}
