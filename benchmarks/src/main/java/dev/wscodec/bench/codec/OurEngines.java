package dev.wscodec.bench.codec;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.WsCodecProvider;
import java.nio.ByteBuffer;
import java.util.List;

/** Opens a client and a server engine of our codec against each other, through the public API only. */
public final class OurEngines {

    /** A connected pair: both engines are {@link WsEngine.State#OPEN}. */
    public record Pair(WsEngine client, WsEngine server) {
        public void release() {
            client.release();
            server.release();
        }
    }

    private OurEngines() {
    }

    /** A config that accepts frames and messages up to {@code maxBytes}. */
    public static WsConfig config(long maxBytes) {
        return WsConfig.builder().maxFrameSize(maxBytes).maxMessageSize(maxBytes).build();
    }

    /** Runs the opening handshake between a new client and a new server engine. */
    public static Pair open(WsConfig serverConfig, WsConfig clientConfig) {
        WsCodecProvider provider = WsCodecProvider.lookup();
        WsEngine server = provider.newServerEngine(serverConfig);
        WsEngine client = provider.newClientEngine(clientConfig, ClientHandshake.of("localhost", "/bench"));
        ByteBuffer request = client.openingHandshake();
        ByteBuffer[] response = new ByteBuffer[1];
        server.receive(request, event -> {
            if (event instanceof WsEvent.UpgradeRequest) {
                response[0] = server.accept(Accept.DEFAULT);
            }
        });
        if (response[0] == null) {
            throw new IllegalStateException("The server engine did not report an upgrade request.");
        }
        List<WsEvent> events = client.receive(response[0]);
        if (events.isEmpty() || !(events.get(0) instanceof WsEvent.HandshakeAccepted)
                || server.state() != WsEngine.State.OPEN || client.state() != WsEngine.State.OPEN) {
            throw new IllegalStateException("The handshake did not complete: client " + client.state() + ", server "
                    + server.state() + ", events " + events + ".");
        }
        return new Pair(client, server);
    }

    public static Pair open(WsConfig config) {
        return open(config, config);
    }
}
