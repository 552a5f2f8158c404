package dev.wscodec.examples;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client written the way the seeds' Python servers read and write the wire (seeds 000-003): the handshake as
 * plain text and each frame built and parsed byte by byte, with the 7-, 16- and 64-bit payload lengths of
 * RFC 6455 section 5.2. Independent of the project's codec, so it shows what the servers really put on the wire.
 */
final class SeedClient implements AutoCloseable {

    /** A frame as received: FIN bit, opcode, the length field used (7, 16 or 64 bits) and the payload. */
    record Frame(boolean fin, int opcode, int lengthBits, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String responseHead;

    private SeedClient(Socket socket, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.responseHead = responseHead;
    }

    /**
     * Sends the opening handshake for {@code target} (offering {@code protocols} in Sec-WebSocket-Protocol unless
     * null) and reads the response head; the caller checks it.
     */
    static SeedClient connect(String host, int port, String target, String protocols) throws Exception {
        Socket s = new Socket(host, port);
        s.setSoTimeout(10_000);
        String key = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16});
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (protocols == null ? "" : "Sec-WebSocket-Protocol: " + protocols + "\r\n") + "\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readHead(s.getInputStream());
        SeedClient c = new SeedClient(s, head);
        if (head.startsWith("HTTP/1.1 101 ")) {
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            if (!head.contains("\r\nSec-WebSocket-Accept: " + accept + "\r\n")) {
                c.close();
                throw new AssertionError("Wrong Sec-WebSocket-Accept in:\n" + head);
            }
        }
        return c;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("The server closed the connection before the end of its head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status line and headers of the server's answer, ending with the empty line. */
    String responseHead() {
        return responseHead;
    }

    /** The value of a response header (case-insensitive name), or null. */
    String responseHeader(String name) {
        for (String line : responseHead.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** Sends one masked frame with FIN set, choosing the 7-, 16- or 64-bit length by size as the seeds do. */
    void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length <= 125) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            long n = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (n >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        frame.write(masked, 0, masked.length);
        out.write(frame.toByteArray());
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame (unmasked, as a server sends it), failing if it is longer than {@code max} bytes. */
    Frame read(int max) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new AssertionError("A server must not mask its frames (RFC 6455 section 5.1).");
        }
        long length = b1 & 0x7F;
        int bits = 7;
        if (length == 126) {
            length = in.readUnsignedShort();
            bits = 16;
        } else if (length == 127) {
            length = in.readLong();
            bits = 64;
        }
        if (length > max) {
            throw new AssertionError("A frame of " + length + " bytes, more than the " + max + " expected.");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, bits, payload);
    }

    /** Reads frames until a text frame whose payload starts with {@code prefix}. */
    Frame readTextStartingWith(String prefix, int max) throws IOException {
        for (int i = 0; i < 100; i++) {
            Frame f = read(max);
            if (f.opcode() == 1 && f.text().startsWith(prefix)) {
                return f;
            }
        }
        throw new AssertionError("No text frame starting with '" + prefix + "' among 100 frames.");
    }

    /** Reads frames until a text frame whose payload ends with {@code suffix}. */
    Frame readTextEndingWith(String suffix, int max) throws IOException {
        for (int i = 0; i < 100; i++) {
            Frame f = read(max);
            if (f.opcode() == 1 && f.text().endsWith(suffix)) {
                return f;
            }
        }
        throw new AssertionError("No text frame ending with '" + suffix + "' among 100 frames.");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
