package dev.wscodec.examples;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.spi.WsCodecProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

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

    private final WsCodecProvider provider = WsCodecProvider.lookup();
    private final WsConfig config;
    private final ServerSocket serverSocket;
    /** The handshake and close deadlines: one daemon thread for all connections. */
    private final Deadlines deadlines = new Deadlines("blocking-echo-deadlines");
    private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    private final BlockingConnection.Shared shared;
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
        this.log = log;
        this.shared = new BlockingConnection.Shared(timeoutMillis, maxConnections, tls, deadlines, connections, log);
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
            int id = ids.incrementAndGet();
            BlockingConnection c = new BlockingConnection(socket, id, provider.newServerEngine(config), shared);
            Thread t = new Thread(c::run, "blocking-echo-" + id);
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
        for (BlockingConnection c : connections) {
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
        for (BlockingConnection c : connections) {
            c.closeQuietly();
        }
    }
}
