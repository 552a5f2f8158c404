package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Ping;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.impl.transport.Link;
import dev.wscodec.vertx.impl.transport.LinkListener;
import io.reactivex.rxjava3.subjects.SingleSubject;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection on the channel of a {@link NetSocket} (through a {@link Link}), driven by a
 * {@link WsEngine}: reading on demand, writing under the outbound limit, and {@link Timers}. Everything runs on the
 * socket's context.
 * {@link ServerConnection} and {@link ClientConnection} add the two sides of the opening handshake.
 */
public abstract class Connection implements LinkListener, Reader.Owner, Outbox.Owner, Timers.Owner {

    static final Logger LOG = LoggerFactory.getLogger("dev.wscodec.vertx.connection");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final Ping KEEP_ALIVE = Ping.of("keep-alive");

    final Context ctx;
    final Link link;
    /** What the application side may ask of this connection. */
    final SessionPort port;
    final Settings settings;
    /** The one owner of the connection's state: the engine's and TCP's ({@link Lifecycle#state()}). */
    final Lifecycle life;
    /** Whole messages or streamed ones, as the codec configuration says; a server may replace it while routing. */
    Incoming inbound;
    /** Whether {@link #inbound} streams messages. */
    boolean streams;
    final SingleSubject<CloseStatus> closed = SingleSubject.create();

    final Outbox outbox;
    final Timers timers;
    final Reader reader;
    /** The bytes of the streamed message being received so far (for the metrics). */
    private long streamedLength;
    /** {@link #onEvent}, made once rather than per read. */
    private final Consumer<WsEvent> events = this::onEvent;

    Connection(Vertx vertx, NetSocket socket, Settings settings, WsEngine engine) {
        Context current = Vertx.currentContext();
        this.ctx = current != null ? current : vertx.getOrCreateContext();
        this.settings = settings;
        this.life = new Lifecycle(engine);
        this.link = Link.install(ctx, socket, this);
        this.port = new ConnectionPort(this);
        useIncoming(settings.config().streaming());
        this.reader = new Reader(link, this);
        this.outbox = new Outbox(link, settings.maxQueuedOutboundBytes(), settings.metrics(), this);
        this.timers = new Timers(link, settings, this);
        settings.metrics().connectionOpened();
    }

    /** Makes the inbound side for whole or streamed messages (the application side's). */
    final void useIncoming(boolean streaming) {
        inbound = settings.application().incoming(port, streaming);
        streams = streaming;
    }

    /** Starts the handshake timer and reading; call on the socket's context. */
    void start() {
        timers.startHandshake();
        pump();
    }

    // ---- hooks for the two sides ----

    /** A handshake event from the engine (called inside {@code engine.receive}: record it, act later). */
    abstract void onHandshakeEvent(WsEvent event);

    /** After each {@code engine.receive}: act on what {@link #onHandshakeEvent} recorded. */
    abstract void afterReceive();

    /** The connection failed or ended before it was open. */
    abstract void onHandshakeFailed(Throwable cause);

    /** TCP closed; everything was released. */
    abstract void onTerminated();

    // ---- for the application side (ConnectionPort) ----

    /** Runs {@code task} on the connection's context, at once when already there. */
    void run(Runnable task) {
        if (Vertx.currentContext() == ctx) {
            task.run();
        } else {
            ctx.runOnContext(v -> task.run());
        }
    }

    // ---- reading ----

    /** Asks the socket for one more read, or decodes what is held, when the state and demand allow it. */
    @Override
    public final void pump() {
        reader.pump();
    }

    /**
     * Whether bytes are wanted now: during the handshake, or when the application asks for messages and the engine
     * holds no pong back for want of room (see {@link Outbox#writeOutput()}).
     */
    @Override
    public boolean wantRead() {
        switch (life.state()) {
            case HANDSHAKE:
                return true;
            case DECIDING:
            case CLOSED:
                return false;
            case OPEN:
            case CLOSING:
                return engine().state() == WsEngine.State.CLOSED || inbound.wantsData() && !outbox.outputHeld();
            default:
                throw new IllegalStateException(life.state().name());
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        settings.metrics().bytesReceived(in.remaining());
        timers.onInput();
        if (life.state() != Lifecycle.State.CLOSED) {
            reader.onRead(in);
        }
    }

    /**
     * The engine keeps bytes for its next receive call (a client's frames behind the 101, see
     * {@link dev.wscodec.api.WsConfig#holdAfterHandshake()}): they are decoded once bytes are wanted.
     */
    final void engineKeepsInput() {
        reader.engineKeepsInput();
    }

    /**
     * Feeds bytes to the engine and handles what comes out; an empty buffer decodes what the engine kept. Decoding
     * stops once the connection wants no more ({@link #wantRead()}: a message is queued and the application asks for
     * none, say): the bytes not decoded are kept by the {@link Reader} (a copy unless {@code owned}) and decoded when
     * demand comes, so a read of compressed messages is not inflated all at once (issue 11 §2).
     */
    @Override
    public final void decode(ByteBuffer in, boolean owned) {
        reader.startDecoding();
        try {
            engine().receiveWhile(in, events, reader);
        } catch (WsProtocolException e) {
            reader.endDecoding();
            onProtocolError(e);
            return;
        } catch (RuntimeException e) {
            reader.endDecoding();
            LOG.error("The codec failed on input from {}; closing the connection.", link.remoteAddress(), e);
            life.failed(e);
            inbound.fail(e);
            outbox.writeOutput();
            closeAfterWrites();
            return;
        }
        reader.endDecoding(in, owned);
        outbox.writeOutput();
        afterReceive();
        afterEngineStep();
        inbound.drain();
        pump();
    }

    void decodeKept() {
        decode(EMPTY, true);
    }

    private void onEvent(WsEvent event) {
        if (event instanceof Message || event instanceof MessageChunk) {
            timers.onData();
            if (event instanceof Message m) {
                settings.metrics().messageReceived(m.length());
                reader.decoded(m.length());
                inbound.offer(m);
            } else {
                MessageChunk c = (MessageChunk) event;
                reader.decoded(c.data().remaining());
                streamedLength = c.first() ? c.data().remaining() : streamedLength + c.data().remaining();
                if (c.last()) {
                    settings.metrics().messageReceived(streamedLength);
                }
                inbound.offerChunk(c);
            }
            // Deliver now, while the engine is between frames: an application that answers at once (an echo) has
            // its answer written before anything a later frame in the same read causes, such as the close frame
            // that fails the connection (Autobahn 3.2, 4.1.3, 5.15 expect the echo first). The engine's own output
            // queued so far (pongs to pings between the message's fragments) goes out first (Autobahn 5.6, 5.19).
            outbox.writeOutput();
            inbound.drain();
        } else if (event instanceof Close) {
            // RFC 6455 §5.5.1: the engine queued the reply to the peer's close; it is written by writeOutput().
            inbound.complete();
        } else if (event instanceof Ping) {
            outbox.onPing();
        } else if (!(event instanceof dev.wscodec.api.Pong)) {
            // Pings are answered by the engine (autoPong); any input already counts as a sign of life.
            onHandshakeEvent(event);
        }
    }

    /**
     * After the engine ran: publish the state, and once the engine is done after the connection was open end TCP as
     * the role says (once).
     */
    final void afterEngineStep() {
        life.publish();
        if (engine().state() == WsEngine.State.CLOSED && life.wasOpened() && !life.endingTcp()
                && life.state() != Lifecycle.State.CLOSED) {
            inbound.complete();
            if (engine().role() == dev.wscodec.api.Role.SERVER) {
                // RFC 6455 §7.1.1: the server closes the TCP connection first.
                closeAfterWrites();
            } else {
                // RFC 6455 §7.1.1: the client waits for the server's TCP close, up to the close timeout.
                armCloseTimer();
            }
        }
    }

    private void onProtocolError(WsProtocolException e) {
        outbox.writeOutput();
        LOG.debug("Protocol error from {}: {} ({})", link.remoteAddress(), e.getMessage(), e.violation());
        life.failed(e);
        life.publish();
        inbound.fail(e);
        inbound.drain();
        boolean wasOpen = life.wasOpened();
        Metering.protocolError(settings.metrics(), e, !wasOpen);
        if (!wasOpen) {
            onHandshakeFailed(e);
        }
        if (wasOpen && engine().role() == dev.wscodec.api.Role.CLIENT) {
            // RFC 6455 §7.1.1: even after failing the connection with a close frame, the client leaves closing TCP
            // to the server, up to the close timeout; reading goes on (and is ignored) so that its close is seen.
            armCloseTimer();
            pump();
        } else {
            closeAfterWrites();
        }
    }

    @Override
    public void onError(Throwable t) {
        life.failed(Faults.socketError(LOG, link.remoteAddress(), t));
    }

    @Override
    public void onWriteFailed(Throwable t) {
        life.failed(Faults.writeFailed(LOG, link.remoteAddress(), t));
    }

    @Override
    public void onBacklog() {
        timers.onBacklog();
    }

    // ---- writing ----

    /** Whether a read was asked for and not yet delivered: the peer's silence then counts as silence. */
    @Override
    public boolean isReading() {
        return reader.isReading();
    }

    @Override
    public WsClosedException closedException(String message) {
        return life.closedException(message);
    }

    // ---- open, keep-alive, idle ----

    /** The handshake completed: stop its timer, start keep-alive and idle timers. */
    void opened() {
        life.publish();
        if (life.state() != Lifecycle.State.OPEN) {
            return; // TCP closed before the session was served (a connection handed over by an HttpServer)
        }
        LOG.debug("WebSocket connection with {} open.", link.remoteAddress());
        timers.startOpen(engine().supportsPing());
    }

    // ---- the owner of the reader, the outbox and the timers ----

    @Override
    public void onDue(Timers.Due due) {
        switch (due) {
            case HANDSHAKE, NO_PONG, WRITE_STALL -> {
                Lifecycle.State state = life.state();
                if (due != Timers.Due.HANDSHAKE || state == Lifecycle.State.HANDSHAKE
                        || state == Lifecycle.State.DECIDING) {
                    abort(Faults.timedOut(LOG, link.remoteAddress(), due, settings, outbox.queued()));
                }
            }
            case CLOSE -> {
                LOG.debug("Closing TCP to {}: the close handshake took longer than {} ms.", link.remoteAddress(),
                        settings.closeTimeoutMs());
                settings.metrics().timeout(WsMetrics.Timeout.CLOSE);
                closeSocket();
            }
            case IDLE -> {
                LOG.debug("Closing the idle connection with {}.", link.remoteAddress());
                settings.metrics().timeout(WsMetrics.Timeout.IDLE);
                startClose(CloseStatus.of(CloseStatus.GOING_AWAY, "The connection was idle for too long."));
            }
            case PING -> link.write(engine().send(KEEP_ALIVE));
            default -> throw new IllegalStateException(due.name());
        }
    }

    /** The engine: final once the handshake is over; a server may replace it while routing. */
    @Override
    public WsEngine engine() {
        return life.engine();
    }

    @Override
    public boolean canSend() {
        return life.canSend();
    }

    @Override
    public void onDataSent() {
        timers.onData();
    }

    @Override
    public void readPaused() {
        if (outbox.outputHeld()) {
            // Paused by the bytes waiting to be written: read again once they went out.
            outbox.whenDrained(outbox::onDrained);
        }
    }

    // ---- closing ----

    /** Starts the close handshake from this side (RFC 6455 §7.1.2); a no-op unless open. */
    @Override
    public void startClose(CloseStatus status) {
        if (!life.canSend()) {
            return;
        }
        link.write(engine().send(new Close(status)));
        life.publish();
        inbound.discardIfUnsubscribed();
        armCloseTimer();
        pump();
    }

    final void armCloseTimer() {
        timers.startClose(); // a no-op once TCP closed
    }

    /** The server or client is shutting down gracefully (Vert.x shutdown): close with 1001, going away. */
    @Override
    public void onShutdown() {
        Lifecycle.State state = life.state();
        if (state == Lifecycle.State.HANDSHAKE || state == Lifecycle.State.DECIDING) {
            closeSocket();
        } else if (state == Lifecycle.State.OPEN) {
            startClose(CloseStatus.of(CloseStatus.GOING_AWAY, engine().role() == dev.wscodec.api.Role.SERVER
                    ? "The server is shutting down." : "The client is shutting down."));
        }
    }

    /** Closes TCP once everything written so far is flushed, or when the close timeout forces it. */
    final void closeAfterWrites() {
        armCloseTimer();
        if (life.endTcp()) {
            link.closeAfterWrites();
        }
    }

    /** Closes TCP now (what was written is flushed first). */
    final void closeSocket() {
        life.endTcp();
        link.close();
    }

    /** Ends the connection at once, without a close handshake; {@code receive()} fails with {@code cause}. */
    final void abort(Throwable cause) {
        life.failed(cause);
        closeSocket();
    }

    @Override
    public void onWritten(int bytes) {
        settings.metrics().bytesSent(bytes);
    }

    @Override
    public void onWritable() {
        outbox.wake();
    }

    @Override
    public void onClosed() {
        Ending ending = life.tcpClosed();
        if (ending == null) {
            return;
        }
        reader.onClosed();
        timers.stop();
        if (ending.beforeOpen()) {
            if (ending.error() != null) {
                onHandshakeFailed(ending.error());
            }
        } else if (ending.error() == null) {
            inbound.complete();
        } else {
            inbound.fail(ending.error());
        }
        CloseStatus status = ending.status();
        Metering.closed(settings.metrics(), engine(), status.code());
        engine().release();
        inbound.drain();
        outbox.end();
        LOG.debug("Connection with {} closed: {} {}", link.remoteAddress(), status.code(), status.reason());
        onTerminated();
        closed.onSuccess(status);
    }

    /** Any thread: the close status known so far, or {@code null}. */
    CloseStatus knownStatus() {
        return life.knownStatus();
    }

    /** Any thread: whether the session is open. */
    boolean isOpen() {
        return life.isOpen();
    }
}
