package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/** Hex fixtures, split feeding and engine pairs for the engine tests. */
final class TestSupport {

    static final Rfc6455Provider PROVIDER = new Rfc6455Provider();

    private TestSupport() {
    }

    /** Bytes from hex with optional spaces, e.g. {@code "81 05 48 65"}. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds {@code data} to {@code engine} in two reads split at {@code at}, collecting the events. */
    static List<WsEvent> feedSplit(WsEngine engine, byte[] data, int at) {
        List<WsEvent> events = new ArrayList<>();
        engine.receive(ByteBuffer.wrap(data, 0, at), events::add);
        engine.receive(ByteBuffer.wrap(data, at, data.length - at), events::add);
        return events;
    }

    /** Feeds {@code data} one byte per read. */
    static List<WsEvent> feedBytewise(WsEngine engine, byte[] data) {
        List<WsEvent> events = new ArrayList<>();
        for (byte b : data) {
            engine.receive(ByteBuffer.wrap(new byte[] {b}), events::add);
        }
        return events;
    }

    /** A random generator whose {@code nextInt()} always returns {@code key}: every masking key is {@code key}. */
    static RandomGenerator fixedKey(int key) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return (long) key << 32 | (key & 0xFFFFFFFFL);
            }

            @Override
            public int nextInt() {
                return key;
            }
        };
    }

    /** A connected client and server, both OPEN, with no output pending. */
    record Pair(WsEngine client, WsEngine server) {
    }

    static Pair open(WsConfig serverConfig, WsConfig clientConfig) {
        WsEngine server = PROVIDER.newServerEngine(serverConfig);
        WsEngine client = PROVIDER.newClientEngine(clientConfig, ClientHandshake.of("localhost", "/chat"));
        List<WsEvent> requested = server.receive(client.openingHandshake());
        assertEquals(1, requested.size());
        assertInstanceOf(WsEvent.UpgradeRequest.class, requested.get(0));
        List<WsEvent> accepted = client.receive(server.accept(Accept.DEFAULT));
        assertEquals(1, accepted.size());
        assertInstanceOf(WsEvent.HandshakeAccepted.class, accepted.get(0));
        assertEquals(WsEngine.State.OPEN, server.state());
        assertEquals(WsEngine.State.OPEN, client.state());
        assertNull(server.pollOutput());
        assertNull(client.pollOutput());
        return new Pair(client, server);
    }

    static Pair open(WsConfig config) {
        return open(config, config);
    }

    static WsEngine openServer(WsConfig config) {
        return open(config, WsConfig.DEFAULT).server();
    }

    static WsEngine openClient(WsConfig config) {
        return open(WsConfig.DEFAULT, config).client();
    }

    /** RFC 6455 §5.3 masking, byte by byte, as a reference. */
    static byte[] maskNaive(byte[] payload, byte[] key) {
        byte[] out = payload.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= key[i & 3];
        }
        return out;
    }

    /** An unmasked (server) frame: FIN + opcode, minimal length. */
    static byte[] serverFrame(int b0, byte[] payload) {
        return frame(b0, payload, null);
    }

    /** A masked (client) frame with {@code key}. */
    static byte[] clientFrame(int b0, byte[] payload, byte[] key) {
        return frame(b0, payload, key);
    }

    static byte[] frame(int b0, byte[] payload, byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        int m = key == null ? 0 : 0x80;
        int n = payload.length;
        if (n < 126) {
            out.write(m | n);
        } else if (n <= 0xFFFF) {
            out.write(m | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(m | 127);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) ((long) n >>> s));
            }
        }
        if (key != null) {
            out.writeBytes(key);
            out.writeBytes(maskNaive(payload, key));
        } else {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    static final byte[] KEY = hex("37fa213d");
}
