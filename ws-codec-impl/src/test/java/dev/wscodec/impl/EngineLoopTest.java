package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Pong;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.spi.ValidatedText;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client engine <-> server engine without sockets: randomized text and binary messages of 0-70,000 bytes, sent
 * whole or as chunks, with random outgoing fragmentation, pings in between, and the wire cut into random reads.
 * Fixed seeds; each run ends with a close handshake, started by the client for even seeds, else the server.
 */
class EngineLoopTest {

    /** One direction's expectations and observations. */
    private static final class Side {
        final String name;
        final WsEngine engine;
        final ByteArrayOutputStream inbox = new ByteArrayOutputStream();
        final List<Message> expected = new ArrayList<>();
        final List<Message> received = new ArrayList<>();
        final List<String> pingsExpected = new ArrayList<>();
        final List<String> pings = new ArrayList<>();
        final List<String> pongs = new ArrayList<>();
        final List<Close> closes = new ArrayList<>();
        ByteArrayOutputStream stream;
        Opcode streamOpcode;

        Side(String name, WsEngine engine) {
            this.name = name;
            this.engine = engine;
        }

        void onEvent(WsEvent e) {
            if (e instanceof Message m) {
                received.add(m);
            } else if (e instanceof MessageChunk c) {
                assertEquals(stream == null, c.first(), name + ": first flag");
                if (c.first()) {
                    stream = new ByteArrayOutputStream();
                    streamOpcode = c.opcode();
                }
                assertEquals(streamOpcode, c.opcode());
                stream.writeBytes(TestSupport.bytes(c.data()));
                if (c.last()) {
                    byte[] all = stream.toByteArray();
                    received.add(streamOpcode == Opcode.TEXT ? ValidatedText.wrap(all) : BinaryMessage.wrap(all));
                    stream = null;
                }
            } else if (e instanceof Ping p) {
                pings.add(new String(TestSupport.bytes(p.data())));
            } else if (e instanceof Pong p) {
                pongs.add(new String(TestSupport.bytes(p.data())));
            } else if (e instanceof Close c) {
                closes.add(c);
            } else {
                throw new AssertionError(name + ": unexpected event " + e);
            }
        }
    }

    private Random random;
    private Side client;
    private Side server;

    @ParameterizedTest(name = "seed {0}, fragmentSize {1}, streaming {2}, deflate {3}")
    @CsvSource({
            "1, 0, false, false",
            "2, 1000, false, false",
            "3, 0, true, false",
            "4, 333, true, false",
            "5, 0, false, true",
            "6, 4096, true, true",
    })
    void randomizedConversation(long seed, int fragmentSize, boolean streaming, boolean deflate) {
        random = new Random(seed);
        WsConfig.Builder b = WsConfig.builder().fragmentSize(fragmentSize).streaming(streaming)
                .random(new Random(seed + 100));
        if (deflate) {
            b.deflate(DeflateConfig.DEFAULT);
        }
        TestSupport.Pair pair = TestSupport.open(b.build());
        if (deflate) {
            assertEquals(1, pair.client().handshake().extensions().size(), "permessage-deflate negotiated");
        }
        client = new Side("client", pair.client());
        server = new Side("server", pair.server());

        for (int round = 0; round < 120; round++) {
            boolean fromClient = random.nextBoolean();
            Side from = fromClient ? client : server;
            Side to = fromClient ? server : client;
            sendMessage(from, to);
            if (random.nextInt(4) == 0) {
                pump();
            }
        }
        pump();
        for (Side s : List.of(client, server)) {
            assertEquals(s.expected.size(), s.received.size(), s.name + " received all messages");
            for (int i = 0; i < s.expected.size(); i++) {
                assertEquals(s.expected.get(i), s.received.get(i), s.name + " message " + i);
            }
            assertEquals(s.pingsExpected, s.pings, s.name + " pings");
            assertEquals(other(s).pingsExpected, s.pongs, s.name + " pongs answer the pings it sent");
        }
        closeFrom(seed % 2 == 0 ? client : server); // both directions across the seeds
    }

    private Side other(Side s) {
        return s == client ? server : client;
    }

    private void sendMessage(Side from, Side to) {
        int size = randomSize();
        boolean text = random.nextBoolean();
        Message m = text ? TextMessage.of(randomText(size)) : BinaryMessage.of(randomBytes(size));
        to.expected.add(m);
        if (random.nextInt(3) == 0) {
            sendChunked(from, to, m);
        } else {
            write(to, from.engine.send(m));
        }
        maybePing(from, to);
    }

    /** Sends the message as 1-5 chunks, cut anywhere (even inside a UTF-8 character), pings in between. */
    private void sendChunked(Side from, Side to, Message m) {
        byte[] all = TestSupport.bytes(m.payload());
        int chunks = 1 + random.nextInt(5);
        int start = 0;
        for (int i = 0; i < chunks; i++) {
            int end = i == chunks - 1 ? all.length : start + random.nextInt(all.length - start + 1);
            ByteBuffer data = ByteBuffer.wrap(all, start, end - start);
            write(to, from.engine.send(new MessageChunk(m.opcode(), data, i == 0, i == chunks - 1)));
            start = end;
            maybePing(from, to);
        }
    }

    private void maybePing(Side from, Side to) {
        if (random.nextInt(5) == 0) {
            String data = "p" + random.nextInt(1000);
            to.pingsExpected.add(data);
            write(to, from.engine.send(Ping.of(data)));
        }
    }

    private int randomSize() {
        return switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1, 2 -> 126 + random.nextInt(65536 - 126);
            case 3 -> 65536 + random.nextInt(70000 - 65536 + 1);
            default -> random.nextInt(126);
        };
    }

    private String randomText(int bytes) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (n < bytes) {
            int cp = switch (random.nextInt(6)) {
                case 0 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 1 -> 0x800 + random.nextInt(0xD800 - 0x800);
                case 2 -> 0x10000 + random.nextInt(0x110000 - 0x10000);
                default -> 0x20 + random.nextInt(0x5F);
            };
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (n + len > bytes) {
                cp = 'x';
                len = 1;
            }
            sb.appendCodePoint(cp);
            n += len;
        }
        return sb.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (random.nextBoolean()) {
            for (int i = 0; i < n; i += 1 + random.nextInt(8)) {
                b[i] = 'a'; // partly compressible
            }
        }
        return b;
    }

    private static void write(Side to, ByteBuffer bytes) {
        to.inbox.writeBytes(TestSupport.bytes(bytes));
    }

    /** Delivers everything in flight, in random reads, until both inboxes stay empty (auto-pongs included). */
    private void pump() {
        while (client.inbox.size() > 0 || server.inbox.size() > 0) {
            deliver(server);
            deliver(client);
        }
    }

    private void deliver(Side to) {
        byte[] wire = to.inbox.toByteArray();
        to.inbox.reset();
        int pos = 0;
        while (pos < wire.length) {
            int n = Math.min(wire.length - pos, random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(40000));
            to.engine.receive(ByteBuffer.wrap(wire, pos, n), to::onEvent);
            pos += n;
            ByteBuffer out = to.engine.pollOutput();
            if (out != null) {
                write(other(to), out);
            }
        }
    }

    private void closeFrom(Side closer) {
        Side peer = other(closer);
        write(peer, closer.engine.send(Close.of(1000, "done")));
        assertEquals(WsEngine.State.CLOSING, closer.engine.state());
        pump();
        assertEquals(List.of(Close.of(1000, "done")), peer.closes);
        assertEquals(List.of(Close.of(1000, "")), closer.closes);
        for (Side s : List.of(client, server)) {
            assertEquals(WsEngine.State.CLOSED, s.engine.state(), s.name);
            assertNull(s.engine.pollOutput());
            s.engine.release();
        }
        assertEquals(WsEngine.Initiator.LOCAL, closer.engine.closeInitiator());
        assertEquals(WsEngine.Initiator.PEER, peer.engine.closeInitiator());
        assertTrue(closer.closes.size() == 1 && peer.closes.size() == 1);
    }
}
