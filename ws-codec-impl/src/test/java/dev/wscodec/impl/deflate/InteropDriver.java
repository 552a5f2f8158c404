package dev.wscodec.impl.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.impl.Rfc6455Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Our engines over blocking sockets on 127.0.0.1 against third-party peers. Each run returns the wire bytes of the
 * data phase: {@code {read, written, payload}} where payload is the sum of the message sizes one way.
 */
final class InteropDriver {

    static final WsConfig DEFLATE = WsConfig.builder().deflate(DeflateConfig.DEFAULT)
            .maxMessageSize(1 << 24).maxFrameSize(1 << 24).build();

    private InteropDriver() {
    }

    /** Echoes every message of one connection until the peer closes. */
    static CompletableFuture<long[]> echoServer(ServerSocket listener) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = listener.accept(); SocketEngine c = new SocketEngine(Rfc6455Engine.server(DEFLATE), s)) {
                long payload = 0;
                for (WsEvent e; (e = c.next()) != null; ) {
                    if (e instanceof WsEvent.UpgradeRequest) {
                        c.write(c.engine.accept(Accept.DEFAULT));
                        c.resetCounters();
                    } else if (e instanceof Message m) {
                        payload += m.length();
                        c.write(c.engine.send(m));
                    } else if (e instanceof Close) {
                        break; // the engine queued and sent its reply
                    }
                }
                return new long[] {c.bytesRead, c.bytesWritten, payload};
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** Connects our client to an echo server, checks the negotiated extensions, sends {@link #messages()}. */
    static long[] echoClient(int port, String expectedExtensions) throws IOException {
        WsEngine engine = Rfc6455Engine.client(DEFLATE, ClientHandshake.of("127.0.0.1:" + port, "/"));
        try (SocketEngine c = new SocketEngine(engine, new Socket(InetAddress.getLoopbackAddress(), port))) {
            c.write(engine.openingHandshake());
            assertInstanceOf(WsEvent.HandshakeAccepted.class, c.next());
            assertEquals(expectedExtensions, engine.handshake().response().headers().get("Sec-WebSocket-Extensions"));
            c.resetCounters();
            long payload = 0;
            for (Message m : messages()) {
                c.write(engine.send(m));
                assertEquals(m, c.next());
                payload += m.length();
            }
            long[] counts = {c.bytesRead, c.bytesWritten, payload};
            c.write(engine.send(new Close(CloseStatus.of(1000, "done"))));
            assertInstanceOf(Close.class, c.next());
            return counts;
        }
    }

    /** Small, empty, non-ASCII, large compressible, binary, and many similar messages (context takeover). */
    static List<Message> messages() {
        List<Message> list = new ArrayList<>();
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append("word").append((i * 7) % 101).append(' ');
        }
        list.add(TextMessage.of("Hello"));
        list.add(TextMessage.of(""));
        list.add(TextMessage.of("caf\u00e9 \u20ac ".repeat(40)));
        list.add(TextMessage.of(big.toString()));
        byte[] bin = new byte[51_200];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) i;
        }
        list.add(BinaryMessage.of(bin));
        for (int i = 0; i < 40; i++) {
            list.add(TextMessage.of("message " + i + ": " + big.substring(i * 50, i * 50 + 500)));
        }
        return list;
    }
}
