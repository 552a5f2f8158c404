package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.WsCodecProvider;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec example of the top-level README, line for line, so that the README stays true. */
class ReadmeExampleTest {

    @Test
    void readmeCodecExampleWorksAsWritten() {
        List<String> printed = new ArrayList<>();
        List<WsEvent> clientEvents = new ArrayList<>();

        WsCodecProvider codec = WsCodecProvider.lookup();
        WsEngine server = codec.newServerEngine(WsConfig.DEFAULT);
        WsEngine client = codec.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("localhost", "/echo"));

        ByteBuffer request = client.openingHandshake();
        for (WsEvent e : server.receive(request)) {
            if (e instanceof WsEvent.UpgradeRequest) {
                clientEvents.addAll(client.receive(server.accept(Accept.DEFAULT)));
            }
        }
        ByteBuffer frame = client.send(TextMessage.of("Hello"));
        for (WsEvent e : server.receive(frame)) {
            if (e instanceof TextMessage m) {
                printed.add(m.text());
            }
        }
        ByteBuffer out = server.pollOutput();

        assertEquals(1, clientEvents.size());
        assertEquals(WsEvent.HandshakeAccepted.class, clientEvents.get(0).getClass());
        assertEquals(List.of("Hello"), printed);
        assertNull(out, "nothing for the server to answer by itself");
        assertEquals(WsEngine.State.OPEN, server.state());
    }
}
