package dev.wscodec.examples;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.WsCodecProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/** A blocking test client on the raw client engine over a {@link Socket}: the project's codec on both ends. */
final class EngineClient implements AutoCloseable {

    private final Socket socket;
    private final WsEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private final ArrayDeque<WsEvent> events = new ArrayDeque<>();
    private final byte[] buf = new byte[64 * 1024];

    EngineClient(int port, String target, WsConfig config, List<String> subprotocols) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        engine = WsCodecProvider.lookup().newClientEngine(config,
                new ClientHandshake("127.0.0.1:" + port, target, subprotocols, HttpHeaders.EMPTY));
        write(engine.openingHandshake());
    }

    WsEngine engine() {
        return engine;
    }

    void send(Outbound frame) throws IOException {
        write(engine.send(frame));
    }

    /** The next event from the server, reading the socket as needed; fails after 10 s without one. */
    WsEvent next() throws IOException {
        while (events.isEmpty()) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("No event from the server within 10 s (engine state " + engine.state() + ").");
            }
            if (n < 0) {
                throw new AssertionError("The server closed TCP; engine state " + engine.state()
                        + ", close status " + engine.closeStatus() + ".");
            }
            engine.receive(ByteBuffer.wrap(buf, 0, n), events::add);
            ByteBuffer b;
            while ((b = engine.pollOutput()) != null) {
                write(b);
            }
        }
        return events.poll();
    }

    /** Reads until the server closes TCP; returns whether it did within 10 s. */
    boolean awaitEof() throws IOException {
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
                engine.receive(ByteBuffer.wrap(buf, 0, n), events::add);
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private void write(ByteBuffer b) throws IOException {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        out.write(a);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        engine.release();
        socket.close();
    }
}
