package dev.wscodec.impl.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.impl.Rfc6455Engine;
import java.nio.ByteBuffer;
import java.util.List;

/** A client engine and a server engine connected without sockets, for permessage-deflate tests. */
final class EngineLoop {

    final WsEngine client;
    final WsEngine server;

    private EngineLoop(WsEngine client, WsEngine server) {
        this.client = client;
        this.server = server;
    }

    /** Runs the opening handshake between a client and a server with these configurations. */
    static EngineLoop open(WsConfig clientConfig, WsConfig serverConfig) {
        WsEngine client = Rfc6455Engine.client(clientConfig, ClientHandshake.of("localhost", "/"));
        WsEngine server = Rfc6455Engine.server(serverConfig);
        List<WsEvent> request = server.receive(client.openingHandshake());
        assertEquals(1, request.size());
        assertInstanceOf(WsEvent.UpgradeRequest.class, request.get(0));
        List<WsEvent> accepted = client.receive(server.accept(Accept.DEFAULT));
        assertInstanceOf(WsEvent.HandshakeAccepted.class, accepted.get(0));
        assertEquals(WsEngine.State.OPEN, client.state());
        assertEquals(WsEngine.State.OPEN, server.state());
        return new EngineLoop(client, server);
    }

    /** The negotiated extensions as the client saw them, e.g. {@code [permessage-deflate]}. */
    String clientExtensions() {
        return client.handshake().extensions().toString();
    }

    /** The response header line of the server's answer, or null. */
    String serverAnswerHeader() {
        return server.handshake().response().headers().get("Sec-WebSocket-Extensions");
    }

    /** Feeds all bytes to the engine and returns the events. */
    static List<WsEvent> deliver(WsEngine to, ByteBuffer bytes) {
        return to.receive(bytes);
    }

    /** A masked client frame with this first byte and payload (key 0x37fa213d, from RFC 6455 §5.7). */
    static byte[] masked(int b0, byte[] payload) {
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        int n = payload.length;
        int headerLen = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[headerLen + 4 + n];
        f[0] = (byte) b0;
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(key, 0, f, headerLen, 4);
        for (int i = 0; i < n; i++) {
            f[headerLen + 4 + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return f;
    }

    void release() {
        client.release();
        server.release();
    }
}
