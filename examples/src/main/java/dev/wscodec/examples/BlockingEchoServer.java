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
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.channels.WritableByteChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The codec alone, without Vert.x: an echo server on a {@link ServerSocket} with one thread per connection, the
 * architecture of a hand-written server, done right. Text is echoed as text and binary as binary; the engine
 * answers pings and closes. Also a conformance target: {@code java -cp ... dev.wscodec.examples.BlockingEchoServer
 * 9001 --max-message 16777216}.
 */
public final class BlockingEchoServer implements AutoCloseable {

    /** Connections served at once by default; more are answered with {@code 503}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** How long a client may take to send its opening handshake, and a peer to answer our close, by default. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    private static final String TOO_MANY = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 39\r\nConnection: close\r\n\r\n"
            + "Too many connections; try again later.\n";

    private final WsCodecProvider provider = WsCodecProvider.lookup();
    private final WsConfig config;
    private final int maxConnections;
    private final ServerSocket serverSocket;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final PrintStream log;
    private volatile boolean closed;

    /** Binds {@code host:port} (port 0 picks a free port) and starts accepting on a daemon thread. */
    public BlockingEchoServer(String host, int port, WsConfig config, int maxConnections, PrintStream log)
            throws IOException {
        this.config = config;
        this.maxConnections = maxConnections;
        this.log = log;
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
        Args a = Args.parse(args, Set.of("--max-message", "--max-connections", "--host", "--port"), Set.of("--no-deflate"));
        int port = a.has("--port") ? a.intValue("--port", 0, 65535, 9001)
                : a.positional().isEmpty() ? 9001 : Args.parseInt("port", a.positional().get(0), 0, 65535);
        run(a, port, System.out);
    }

    static void run(Args a, int port, PrintStream out) throws Exception {
        long maxMessage = a.longValue("--max-message", 125, Integer.MAX_VALUE - 8, WsConfig.DEFAULT_MAX_MESSAGE_SIZE);
        int maxConnections = a.intValue("--max-connections", 1, 100_000, DEFAULT_MAX_CONNECTIONS);
        boolean deflate = !a.flag("--no-deflate");
        BlockingEchoServer server = new BlockingEchoServer(a.value("--host", "0.0.0.0"), port,
                config(maxMessage, deflate), maxConnections, out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "blocking-echo-shutdown"));
        out.println("Blocking echo server (codec over java.net.ServerSocket, one thread per connection) on "
                + Servers.url("ws", server.address(), server.port(), "/") + ", max message " + maxMessage
                + " bytes, permessage-deflate " + (deflate ? "on" : "off") + ". Ctrl+C stops.");
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
                return;
            }
        }
    }

    /** One connection: its socket, its engine and the thread that reads it. */
    private final class Connection {
        private final Socket socket;
        private final int id;
        private final WsEngine engine;
        private WritableByteChannel out;

        Connection(Socket socket, int id) {
            this.socket = socket;
            this.id = id;
            this.engine = provider.newServerEngine(config);
        }

        void run() {
            connections.add(this);
            try (socket) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(DEFAULT_TIMEOUT_MILLIS);   // slow or silent handshakes are dropped
                out = Channels.newChannel(socket.getOutputStream());
                if (connections.size() > maxConnections) {
                    // Refused before reading anything: the engine has no request to answer, so the reply is ours.
                    writeRaw(ByteBuffer.wrap(TOO_MANY.getBytes(StandardCharsets.US_ASCII)));
                    return;
                }
                readLoop(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                log.println("#" + id + " timed out in state " + engine.state() + "; dropping the connection.");
            } catch (IOException e) {
                // the peer went away; nothing to answer
            } finally {
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
                    socket.setSoTimeout(0);
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
            if (engine.state() == WsEngine.State.CLOSING) {
                socket.setSoTimeout(DEFAULT_TIMEOUT_MILLIS);  // RFC 6455 §7.1.1: don't wait forever for the close
            }
        }

        private void onEvent(WsEvent event) {
            try {
                if (event instanceof WsEvent.UpgradeRequest) {
                    write(engine.accept(Accept.DEFAULT));
                } else if (event instanceof WsEvent.PlainHttpRequest) {
                    write(engine.reject(HttpResponse.of(426, HttpHeaders.of("Sec-WebSocket-Version", "13"),
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
                        socket.setSoTimeout(DEFAULT_TIMEOUT_MILLIS);
                    } else {
                        socket.close();
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

        private void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

}
