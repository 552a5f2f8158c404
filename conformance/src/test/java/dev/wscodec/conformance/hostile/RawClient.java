package dev.wscodec.conformance.hostile;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.WsCodecProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A blocking client on a plain socket driving the codec's client engine: the well-behaved peer of the tests. */
final class RawClient implements AutoCloseable {

    private static final WsCodecProvider PROVIDER = WsCodecProvider.lookup();

    private final Socket socket;
    private final WsEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private final List<WsEvent> pending = new ArrayList<>();

    private RawClient(Socket socket, WsEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the opening handshake (offering permessage-deflate when {@code deflate}). */
    static RawClient open(int port, boolean deflate) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(10_000);
        WsConfig config = WsConfig.builder().deflate(deflate ? DeflateConfig.DEFAULT : null).build();
        RawClient c = new RawClient(s, PROVIDER.newClientEngine(config, ClientHandshake.of("127.0.0.1:" + port, "/")));
        c.write(c.engine.openingHandshake());
        WsEvent first = c.next();
        if (!(first instanceof WsEvent.HandshakeAccepted)) {
            c.close();
            throw new IOException("The handshake was not accepted: " + first);
        }
        return c;
    }

    /** Sends {@code text} and returns the text of the next message. */
    String echo(String text) throws IOException {
        write(engine.send(TextMessage.of(text)));
        WsEvent e = next();
        return e instanceof TextMessage t ? t.text() : String.valueOf(e);
    }

    /** The next event, reading as needed; {@code null} at EOF. */
    WsEvent next() throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (pending.isEmpty()) {
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            engine.receive(ByteBuffer.wrap(buf, 0, n), pending::add);
            ByteBuffer b;
            while ((b = engine.pollOutput()) != null) {
                write(b);
            }
        }
        return pending.remove(0);
    }

    /** Sends a normal close and waits for the server's close and EOF. */
    void closeHandshake() throws IOException {
        write(engine.send(new Close(CloseStatus.NORMAL)));
        while (next() != null) {
            // until the server closes TCP
        }
    }

    /** Writes bytes as they are, bypassing the engine. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Ends the connection with a TCP reset, without a close frame. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        close();
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

    /** Opens a connection, echoes one message, closes cleanly; returns the echoed text. */
    static String healthyEcho(int port, String text) throws IOException {
        try (RawClient c = open(port, false)) {
            String back = c.echo(text);
            c.closeHandshake();
            return back;
        }
    }
}
