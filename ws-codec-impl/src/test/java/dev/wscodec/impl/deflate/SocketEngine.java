package dev.wscodec.impl.deflate;

import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** An engine driven over a blocking socket on 127.0.0.1, counting the bytes of the data phase. */
final class SocketEngine implements AutoCloseable {

    final WsEngine engine;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private final List<WsEvent> pending = new ArrayList<>();
    long bytesRead;
    long bytesWritten;

    SocketEngine(WsEngine engine, Socket socket) throws IOException {
        this.engine = engine;
        this.socket = socket;
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    void write(ByteBuffer bytes) throws IOException {
        if (bytes == null) {
            return;
        }
        byte[] a = new byte[bytes.remaining()];
        bytes.get(a);
        out.write(a);
        out.flush();
        bytesWritten += a.length;
    }

    /** Reads until an event arrives (or the peer closes the socket: then null) and returns it. */
    WsEvent next() throws IOException {
        while (pending.isEmpty()) {
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            bytesRead += n;
            engine.receive(ByteBuffer.wrap(buf, 0, n), pending::add);
            for (ByteBuffer o; (o = engine.pollOutput()) != null; ) {
                write(o);
            }
        }
        return pending.remove(0);
    }

    /** Starts counting the data phase from zero. */
    void resetCounters() {
        bytesRead = 0;
        bytesWritten = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            engine.release();
        }
    }
}
