package dev.wscodec.examples;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One connection of a {@link BlockingEchoServer}: its socket, its engine and the thread that reads it (which runs
 * {@link #run}). With TLS, {@code socket} is the {@link SSLSocket} layered over {@code raw}; a deadline closes
 * {@code raw}, which unblocks the reading thread at once (closing an {@link SSLSocket} can wait for it).
 */
final class BlockingConnection {

    /**
     * What every connection of one server shares: the handshake and close deadline, the connection limit, TLS
     * ({@code null} for ws://; else each accepted socket is wrapped by its own thread), the deadline thread, the
     * connections being served (each adds itself while it runs) and the log.
     */
    record Shared(long timeoutMillis, int maxConnections, SSLContext tls, Deadlines deadlines,
                  Set<BlockingConnection> connections, PrintStream log) {
    }

    private static final String TOO_MANY = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 39\r\nConnection: close\r\n\r\n"
            + "Too many connections; try again later.\n";

    /** Where a connection is, for its deadlines. */
    private enum Phase {
        /** From accept until the opening handshake is answered: the handshake deadline runs. */
        HANDSHAKE,
        /** Open: no deadline (idle connections stay). */
        OPEN,
        /** A close frame was sent or received: the close deadline runs (RFC 6455 §7.1.1). */
        CLOSING
    }

    private final Shared shared;
    private final Socket raw;
    private Socket socket;
    private final int id;
    private final WsEngine engine;
    private WritableByteChannel out;
    /** Written by the connection's thread (and goAway under the lock), read by the deadline thread. */
    private volatile Phase phase = Phase.HANDSHAKE;
    private final Deadlines.Slot deadline;

    BlockingConnection(Socket socket, int id, WsEngine engine, Shared shared) {
        this.shared = shared;
        this.raw = socket;
        this.socket = socket;
        this.id = id;
        this.engine = engine;
        this.deadline = shared.deadlines().slot();
    }

    void run() {
        shared.connections().add(this);
        try (raw) {
            // The whole handshake has one deadline; a per-read timeout would let a byte every few seconds
            // hold the connection (and its slot under --max-connections) forever.
            enter(Phase.HANDSHAKE);
            raw.setTcpNoDelay(true);
            if (shared.tls() != null) {
                SSLSocket ssl = (SSLSocket) shared.tls().getSocketFactory().createSocket(raw,
                        raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                ssl.setUseClientMode(false);
                socket = ssl;   // the TLS handshake runs on the first read or write, inside the deadline
            }
            out = Channels.newChannel(socket.getOutputStream());
            if (shared.connections().size() > shared.maxConnections()) {
                // Refused before reading anything: the engine has no request to answer, so the reply is ours.
                writeRaw(ByteBuffer.wrap(TOO_MANY.getBytes(StandardCharsets.US_ASCII)));
                return;
            }
            readLoop(socket.getInputStream());
        } catch (IOException e) {
            // the peer went away, or a deadline closed the socket; nothing to answer
        } finally {
            if (socket != raw) {
                closeTls();
            }
            deadline.cancel();
            shared.connections().remove(this);
            synchronized (this) {
                engine.release();
            }
        }
    }

    private void readLoop(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return;   // EOF: the peer closed TCP (with or without a close handshake)
            }
            synchronized (this) {
                if (!receive(ByteBuffer.wrap(buf, 0, n))) {
                    return;
                }
            }
        }
    }

    /** Feeds bytes to the engine and answers its events; returns false once the connection is over. */
    private boolean receive(ByteBuffer bytes) throws IOException {
        try {
            WsEngine.State before = engine.state();
            receiveAndAnswer(bytes, before);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return engine.state() != WsEngine.State.CLOSED;
    }

    private void receiveAndAnswer(ByteBuffer bytes, WsEngine.State before) throws IOException {
        try {
            engine.receive(bytes, this::onEvent);
            if (before != WsEngine.State.OPEN && engine.state() == WsEngine.State.OPEN) {
                enter(Phase.OPEN);
                // Bytes that came with the handshake were kept until accept(); decode them now.
                engine.receive(ByteBuffer.allocate(0), this::onEvent);
            }
            flushEngineOutput();
        } catch (WsProtocolException e) {
            // The engine queued the HTTP error or the close frame; send it, then close TCP.
            flushEngineOutput();
            shared.log().println("#" + id + " " + e.violation() + ": " + e.getMessage());
            return;
        }
        if (engine.state() == WsEngine.State.CLOSING && phase != Phase.CLOSING) {
            enter(Phase.CLOSING);   // RFC 6455 §7.1.1: don't wait forever for the close
        }
    }

    /** Moves to {@code next}: cancels the running deadline and starts the one of {@code next}, if any. */
    private void enter(Phase next) {
        phase = next;
        if (next == Phase.OPEN) {
            deadline.cancel();
        } else {
            deadline.set(shared.timeoutMillis(), () -> expire(next));
        }
    }

    /** On the deadline thread: closes the socket if the connection is still in {@code phase}. Never blocks. */
    private void expire(Phase expired) {
        if (phase == expired) {
            shared.log().println("#" + id + " did not finish its " + (expired == Phase.HANDSHAKE ? "opening" : "closing")
                    + " handshake within " + shared.timeoutMillis() + " ms; dropping the connection.");
            closeQuietly();
        }
    }

    private void onEvent(WsEvent event) {
        try {
            if (event instanceof WsEvent.UpgradeRequest) {
                write(engine.accept(Accept.DEFAULT));
            } else if (event instanceof WsEvent.PlainHttpRequest) {
                // RFC 9110 section 15.5.22: a 426 names the protocol to upgrade to in an Upgrade header.
                write(engine.reject(HttpResponse.of(426, HttpHeaders.of("Upgrade", "websocket",
                                "Connection", "Upgrade", "Sec-WebSocket-Version", "13"),
                        "text/plain", "This is a WebSocket echo server; connect with a WebSocket client.\n")));
            } else if (event instanceof TextMessage || event instanceof BinaryMessage) {
                if (engine.state() == WsEngine.State.OPEN) {
                    write(engine.send((Message) event));  // same type back: text or binary
                }
            }
            // Ping: the engine queued the pong (autoPong); Close: the engine queued the reply.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends 1001 from the shutdown thread; the reading thread finishes the close handshake. */
    void goAway() {
        synchronized (this) {
            try {
                if (engine.state() == WsEngine.State.OPEN) {
                    write(engine.send(new Close(CloseStatus.of(CloseStatus.GOING_AWAY, "server shutting down"))));
                    enter(Phase.CLOSING);
                } else {
                    closeQuietly();
                }
            } catch (IOException | WsUsageException e) {
                closeQuietly();
            }
        }
    }

    private void flushEngineOutput() throws IOException {
        ByteBuffer b;
        while ((b = engine.pollOutput()) != null) {
            writeRaw(b);
        }
    }

    /** Writes engine output in order: first anything the engine queued itself (pongs), then {@code b}. */
    private void write(ByteBuffer b) throws IOException {
        flushEngineOutput();
        writeRaw(b);
    }

    private void writeRaw(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Ends TLS with close_notify, on the connection's own thread (no other thread reads then). */
    private void closeTls() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the TCP socket is already gone
        }
    }

    /** Closes the TCP socket at once (under TLS without close_notify); safe from any thread. */
    void closeQuietly() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
