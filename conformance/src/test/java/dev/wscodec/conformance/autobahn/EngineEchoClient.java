package dev.wscodec.conformance.autobahn;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsCodecProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec's client engine over a blocking socket, echoing every message from inside the engine's event callback
 * (so an echo goes out before a close the engine queues for a later fault in the same read). After the close
 * handshake or a failure it waits for the server to close TCP (RFC 6455 §7.1.1), at most 5 s.
 */
final class EngineEchoClient {

    private final WsEngine engine;
    private final OutputStream out;
    private final List<Message> received = new ArrayList<>();

    private EngineEchoClient(WsEngine engine, OutputStream out) {
        this.engine = engine;
        this.out = out;
    }

    /** Runs one connection to {@code target} (path and query) on {@code port}; returns the messages received. */
    static List<Message> run(int port, String target, WsConfig config) throws IOException {
        WsEngine engine = WsCodecProvider.lookup().newClientEngine(config, ClientHandshake.of("127.0.0.1:" + port, target));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            EngineEchoClient c = new EngineEchoClient(engine, socket.getOutputStream());
            c.write(engine.openingHandshake());
            c.readLoop(socket);
            return c.received;
        } finally {
            engine.release();
        }
    }

    private void readLoop(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[256 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return;   // the server did not close TCP in time: close it ourselves
            }
            if (n < 0) {
                return;
            }
            try {
                engine.receive(ByteBuffer.wrap(buf, 0, n), this::onEvent);
            } catch (WsProtocolException e) {
                // the engine queued the close frame (1002, 1007, ...): send it below, then wait for the server
            }
            ByteBuffer b;
            while ((b = engine.pollOutput()) != null) {
                write(b);
            }
            if (engine.state() == WsEngine.State.CLOSED) {
                socket.setSoTimeout(5_000);
            }
        }
    }

    private void onEvent(WsEvent event) {
        if (event instanceof Message m) {
            received.add(m);
            if (engine.state() == WsEngine.State.OPEN) {
                ByteBuffer b;
                while ((b = engine.pollOutput()) != null) {
                    write(b);
                }
                write(engine.send(m));
            }
        }
    }

    private void write(ByteBuffer b) {
        try {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.write(a);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The text of the only message of a connection, e.g. {@code /getCaseCount}'s answer. */
    static String onlyText(List<Message> messages) {
        if (messages.size() != 1 || !(messages.get(0) instanceof TextMessage t)) {
            throw new AssertionError("Expected one text message but got " + messages);
        }
        return t.text();
    }
}
