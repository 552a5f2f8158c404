package dev.wscodec.vertx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written blocking WebSocket peer over a plain socket, for what a well-behaved client would never do:
 * stall, stop reading, stay silent, send raw frames.
 */
final class RawClient implements AutoCloseable {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** {@code receiveBuffer} &gt; 0 sets a small socket receive buffer so that TCP pushes back early. */
    RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends a valid upgrade request for {@code path} and returns the response head. */
    String handshake(String path) throws IOException {
        writeAscii("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return readHead();
    }

    void writeAscii(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads up to and including the blank line that ends an HTTP head. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("The connection closed inside the HTTP head: " + head);
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes one masked frame (mask key zero is not used: a fixed non-trivial key). */
    void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        out.write(frame(fin, opcode, payload));
        out.flush();
    }

    /** Writes bytes as they are, in one write. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        int n = payload.length;
        int headLen = 2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4;
        byte[] f = new byte[headLen + n];
        f[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int i = 2;
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[i++] = (byte) (n >>> 8);
            f[i++] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int s = 56; s >= 0; s -= 8) {
                f[i++] = (byte) (((long) n) >>> s);
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        System.arraycopy(mask, 0, f, i, 4);
        i += 4;
        for (int k = 0; k < n; k++) {
            f[i + k] = (byte) (payload[k] ^ mask[k & 3]);
        }
        return f;
    }

    /** One unmasked server frame: opcode and payload (the FIN bit is ignored). */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = ((long) readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int k = 0; k < 8; k++) {
                len = (len << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) {
            throw new IOException("The connection closed inside a frame.");
        }
        return new Frame(b0 & 0x0F, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("The connection closed.");
        }
        return b;
    }

    /** Whether the server closed TCP: reads until end of stream, dropping data, within the socket timeout. */
    boolean awaitEndOfStream() {
        try {
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // drop
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
