package dev.wscodec.examples;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.WsCodecProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.channels.WritableByteChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The codec alone, without Vert.x: an echo server on a {@link ServerSocket} with one thread per connection, the
 * architecture of a hand-written server, done right. Text is echoed as text and binary as binary; the engine
 * answers pings and closes. Also a conformance target: {@code java -cp ... dev.wscodec.examples.BlockingEchoServer
 * 9001 --max-message 16777216}.
 */
public final class BlockingEchoServer implements AutoCloseable {

    /** Connections served at once by default; more are answered with {@code 503}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /**
     * How long a client may take for its whole opening handshake (from accept to the last byte of the request head),
     * and a peer to finish the close handshake, by default: a deadline, not a limit per read, so a client that
     * sends a byte now and then cannot hold a connection slot for longer.
     */
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    private static final String TOO_MANY = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 39\r\nConnection: close\r\n\r\n"
            + "Too many connections; try again later.\n";

    private final WsCodecProvider provider = WsCodecProvider.lookup();
    private final WsConfig config;
    private final int maxConnections;
    private final long timeoutMillis;
    /** {@code null} for ws://; else each accepted socket is wrapped in TLS by its own thread. */
    private final SSLContext tls;
    private final ServerSocket serverSocket;
    /** The handshake and close deadlines: one daemon thread for all connections. */
    private final Deadlines deadlines = new Deadlines("blocking-echo-deadlines");
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final PrintStream log;
    private volatile boolean closed;

    /** A server with the default handshake and close deadline ({@link #DEFAULT_TIMEOUT_MILLIS}). */
    public BlockingEchoServer(String host, int port, WsConfig config, int maxConnections, PrintStream log)
            throws IOException {
        this(host, port, config, maxConnections, DEFAULT_TIMEOUT_MILLIS, log);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free port) and starts accepting on a daemon thread. A connection whose
     * opening handshake (or close handshake) is not complete {@code timeoutMillis} after it began is closed.
     */
    public BlockingEchoServer(String host, int port, WsConfig config, int maxConnections, long timeoutMillis,
                              PrintStream log) throws IOException {
        this(host, port, config, maxConnections, timeoutMillis, null, log);
    }

    /** As above; with a {@code tls} context the server speaks {@code wss://} (the TLS handshake is in the deadline). */
    public BlockingEchoServer(String host, int port, WsConfig config, int maxConnections, long timeoutMillis,
                              SSLContext tls, PrintStream log) throws IOException {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("The handshake timeout must be at least 1 ms but was " + timeoutMillis
                    + ".");
        }
        this.config = config;
        this.maxConnections = maxConnections;
        this.timeoutMillis = timeoutMillis;
        this.log = log;
        this.tls = tls;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        Thread acceptor = new Thread(this::acceptLoop, "blocking-echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections being served now (handshaking, open or closing). */
    public int connectionCount() {
        return connections.size();
    }

    /** The address the server is bound to. */
    public InetAddress address() {
        return serverSocket.getInetAddress();
    }

    /** The codec configuration for {@code --max-message} and {@code --no-deflate}. */
    public static WsConfig config(long maxMessage, boolean deflate) {
        return WsConfig.builder()
                .maxMessageSize(maxMessage)
                .maxFrameSize(maxMessage)
                .deflate(deflate ? DeflateConfig.DEFAULT : null)
                .build();
    }

    /** {@code PORT [--max-message BYTES] [--max-connections N] [--no-deflate] [--host H]}: runs until killed. */
    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args, Set.of("--max-message", "--max-connections", "--host", "--port",
                "--handshake-timeout", "--tls-cert", "--tls-key"), Set.of("--no-deflate"));
        int port = a.has("--port") ? a.intValue("--port", 0, 65535, 9001)
                : a.positional().isEmpty() ? 9001 : Args.parseInt("port", a.positional().get(0), 0, 65535);
        run(a, port, System.out);
    }

    static void run(Args a, int port, PrintStream out) throws Exception {
        long maxMessage = a.longValue("--max-message", 125, Integer.MAX_VALUE - 8, WsConfig.DEFAULT_MAX_MESSAGE_SIZE);
        int maxConnections = a.intValue("--max-connections", 1, 100_000, DEFAULT_MAX_CONNECTIONS);
        boolean deflate = !a.flag("--no-deflate");
        long timeout = a.longValue("--handshake-timeout", 1, 3_600_000, DEFAULT_TIMEOUT_MILLIS);
        BlockingEchoServer server = new BlockingEchoServer(a.value("--host", "0.0.0.0"), port,
                config(maxMessage, deflate), maxConnections, timeout, PemTls.fromArgs(a), out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "blocking-echo-shutdown"));
        out.println("Blocking echo server (codec over java.net.ServerSocket, one thread per connection) on "
                + Servers.url(Servers.scheme(a, "ws"), server.address(), server.port(), "/") + ", max message "
                + maxMessage + " bytes, permessage-deflate " + (deflate ? "on" : "off") + ". Ctrl+C stops.");
        out.flush();
        Thread.currentThread().join();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.println("accept failed: " + e.getMessage());
                }
                return;
            }
            Connection c = new Connection(socket, ids.incrementAndGet());
            Thread t = new Thread(c::run, "blocking-echo-" + c.id);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Stops accepting and sends 1001 (going away) to every open connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Connection c : connections) {
            c.goAway();
        }
        long deadline = System.nanoTime() + 3_000_000_000L;   // let peers answer the close, briefly
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deadlines.close();
        for (Connection c : connections) {
            c.closeQuietly();
        }
    }

    /** Where a connection is, for its deadlines. */
    private enum Phase {
        /** From accept until the opening handshake is answered: the handshake deadline runs. */
        HANDSHAKE,
        /** Open: no deadline (idle connections stay). */
        OPEN,
        /** A close frame was sent or received: the close deadline runs (RFC 6455 §7.1.1). */
        CLOSING
    }

    /**
     * One connection: its socket, its engine and the thread that reads it. With TLS, {@code socket} is the
     * {@link SSLSocket} layered over {@code raw}; a deadline closes {@code raw}, which unblocks the reading thread at
     * once (closing an {@link SSLSocket} can wait for it).
     */
    private final class Connection {
        private final Socket raw;
        private Socket socket;
        private final int id;
        private final WsEngine engine;
        private WritableByteChannel out;
        /** Written by the connection's thread (and goAway under the lock), read by the deadline thread. */
        private volatile Phase phase = Phase.HANDSHAKE;
        private final Deadlines.Slot deadline = deadlines.slot();

        Connection(Socket socket, int id) {
            this.raw = socket;
            this.socket = socket;
            this.id = id;
            this.engine = provider.newServerEngine(config);
        }

        void run() {
            connections.add(this);
            try (raw) {
                // The whole handshake has one deadline; a per-read timeout would let a byte every few seconds
                // hold the connection (and its slot under --max-connections) forever.
                enter(Phase.HANDSHAKE);
                raw.setTcpNoDelay(true);
                if (tls != null) {
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw,
                            raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                    ssl.setUseClientMode(false);
                    socket = ssl;   // the TLS handshake runs on the first read or write, inside the deadline
                }
                out = Channels.newChannel(socket.getOutputStream());
                if (connections.size() > maxConnections) {
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
                connections.remove(this);
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
                log.println("#" + id + " " + e.violation() + ": " + e.getMessage());
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
                deadline.set(timeoutMillis, () -> expire(next));
            }
        }

        /** On the deadline thread: closes the socket if the connection is still in {@code phase}. Never blocks. */
        private void expire(Phase expired) {
            if (phase == expired) {
                log.println("#" + id + " did not finish its " + (expired == Phase.HANDSHAKE ? "opening" : "closing")
                        + " handshake within " + timeoutMillis + " ms; dropping the connection.");
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
        private void closeQuietly() {
            try {
                raw.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

}
