package dev.wscodec.bench.load;

import dev.wscodec.bench.codec.Wire;
import dev.wscodec.impl.handshake.AcceptKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The floor of the fan-out benchmark ({@code FanoutServer floor PORT CONTROL_PORT}): the least a JVM server can do
 * per delivery. One thread on the JDK's NIO and nothing else: the opening handshake answered from its key, each
 * publication's frame encoded once into a direct buffer, and each delivery one {@code SocketChannel.write} of that
 * buffer, with no allocation. Nothing a real server needs is here (no parsing of what clients send, no close
 * handshake, no limits, no queue bound; what a full socket does not take waits for it, unbounded); it is a
 * measuring stick, not a server. Neither ours nor a Vert.x idiom can cost less per delivery while each delivery is
 * its own write, so {@code floor / vertx-list} is the most any such server could reach against the idiom on the
 * machine it runs on.
 *
 * <p>The same control commands and publishing schedule as {@link FanoutServer} (ticks of 5 ms, each publication a
 * fresh frame): {@code pid}, {@code heap}, {@code subscribe}, {@code start RATE SIZE COUNT}, {@code stop}. Offers
 * of permessage-deflate are declined.
 */
final class FloorServer {

    private static final int MAX_HEAD = 8 * 1024;

    private final Selector selector = Selector.open();
    private final ServerSocketChannel server = ServerSocketChannel.open();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Conn> open = new ArrayList<>();
    private final List<Conn> subscribers = new ArrayList<>();
    private final ByteBuffer discard = ByteBuffer.allocateDirect(64 * 1024);
    private boolean running;
    private double rate;
    private int size;
    private long count;
    private long published;
    private long t0;
    private long behind;
    private int controlPort;

    /** One client: its request head until it is answered, then only what a full socket has not taken yet. */
    private static final class Conn {
        final SocketChannel ch;
        ByteBuffer head = ByteBuffer.allocate(MAX_HEAD);
        ArrayDeque<ByteBuffer> waiting;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private FloorServer() throws IOException {
    }

    static void run(int port, int control) throws Exception {
        FloorServer s = open(port, control);
        System.out.println("transport raw JDK NIO (the floor), permessage-deflate declined");
        System.out.println("READY floor port=" + s.port() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        s.loop();
    }

    /** Binds both ports (0: any free one); nothing is served until {@link #loop()}. */
    static FloorServer open(int port, int control) throws IOException {
        FloorServer s = new FloorServer();
        s.server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        s.server.configureBlocking(false);
        s.server.register(s.selector, SelectionKey.OP_ACCEPT);
        s.controlPort = ControlPort.serve(control, s::command);
        return s;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    int controlPort() {
        return controlPort;
    }

    /** Serves on the calling thread, for good. */
    void loop() throws IOException {
        while (true) {
            selector.select(running ? FanoutServer.TICK_MS : 100);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                if (!k.isValid()) {
                    continue;
                }
                if (k.isAcceptable()) {
                    accept();
                    continue;
                }
                Conn c = (Conn) k.attachment();
                if (k.isReadable()) {
                    read(c, k);
                }
                if (k.isValid() && k.isWritable()) {
                    drain(c, k);
                }
            }
            for (Runnable t; (t = tasks.poll()) != null; ) {
                t.run();
            }
            if (running) {
                tick();
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // as Vert.x's servers do by default
            ch.register(selector, SelectionKey.OP_READ, new Conn(ch));
        }
    }

    private void read(Conn c, SelectionKey k) {
        try {
            if (c.head != null) {
                if (c.ch.read(c.head) < 0) {
                    close(c, k);
                } else {
                    answer(c, k);
                }
                return;
            }
            discard.clear();
            if (c.ch.read(discard) < 0) {
                close(c, k);
            }
        } catch (IOException e) {
            close(c, k);
        }
    }

    /** Answers the opening handshake once its head is complete. */
    private void answer(Conn c, SelectionKey k) throws IOException {
        String head = new String(c.head.array(), 0, c.head.position(), StandardCharsets.ISO_8859_1);
        if (!head.contains("\r\n\r\n")) {
            if (!c.head.hasRemaining()) {
                close(c, k);
            }
            return;
        }
        String key = null;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            close(c, k);
            return;
        }
        String accept = AcceptKey.compute(key);
        c.head = null;
        send(c, k, ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        open.add(c);
    }

    private void close(Conn c, SelectionKey k) {
        k.cancel();
        open.remove(c);
        subscribers.remove(c);
        try {
            c.ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Publishes what is due; every publication is a fresh frame, written to every subscriber from one buffer. */
    private void tick() {
        long due = FanoutServer.due(t0, rate, count);
        while (published < due) {
            ByteBuffer frame = frame(size);
            for (int i = 0, n = subscribers.size(); i < n; i++) {
                Conn c = subscribers.get(i);
                frame.position(0);
                send(c, c.ch.keyFor(selector), frame);
            }
            published++;
        }
        if (published >= count) {
            running = false;
        }
    }

    /** One write; what the socket does not take waits (a copy) until it is writable. */
    private void send(Conn c, SelectionKey k, ByteBuffer bytes) {
        try {
            if (c.waiting == null) {
                c.ch.write(bytes);
                if (!bytes.hasRemaining()) {
                    return;
                }
                c.waiting = new ArrayDeque<>();
                k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            behind++;
            ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
            copy.put(bytes).flip();
            c.waiting.add(copy);
        } catch (IOException e) {
            close(c, k);
        }
    }

    private void drain(Conn c, SelectionKey k) {
        try {
            while (c.waiting != null && !c.waiting.isEmpty()) {
                ByteBuffer b = c.waiting.peek();
                c.ch.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                c.waiting.poll();
            }
            c.waiting = null;
            k.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            close(c, k);
        }
    }

    /** A binary frame of {@code size} letters (RFC 6455 5.2, unmasked), in a direct buffer. */
    private static ByteBuffer frame(int size) {
        byte[] frame = Wire.frame(Wire.OP_BINARY, 0, FanoutServer.letters(size), null);
        return ByteBuffer.allocateDirect(frame.length).put(frame).flip();
    }

    // ---- control (its own thread; what touches connections runs on the loop) ----

    private String onLoop(Supplier<String> task) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        tasks.add(() -> answer.complete(task.get()));
        selector.wakeup();
        return answer.get(120, TimeUnit.SECONDS);
    }

    private String command(String line) throws Exception {
        String[] w = line.trim().split(" ");
        return switch (w[0]) {
            case "pid" -> Long.toString(ProcessHandle.current().pid());
            case "heap" -> "heap=" + ControlPort.heapAfterGc() + " rss=" + ControlPort.rssBytes();
            case "subscribe" -> onLoop(() -> {
                subscribers.clear();
                subscribers.addAll(open);
                return "subscribed=" + subscribers.size();
            });
            case "start" -> onLoop(() -> {
                rate = Double.parseDouble(w[1]);
                size = Integer.parseInt(w[2]);
                count = Long.parseLong(w[3]);
                published = 0;
                t0 = System.nanoTime();
                running = true;
                return "started";
            });
            case "stop" -> onLoop(() -> {
                running = false;
                return "stopped published=" + published + " behind=" + behind;
            });
            default -> "error unknown command '" + line + "'";
        };
    }
}
