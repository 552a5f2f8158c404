package dev.wscodec.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One WebSocket connection as a sans-I/O state machine: bytes in, events out, bytes to write returned. It does no
 * I/O, starts no threads, keeps no timers and is not thread-safe: drive each engine from one thread at a time.
 *
 * <h2>Server</h2>
 * <pre>{@code
 * engine.receive(bytesFromSocket, event -> {
 *     if (event instanceof WsEvent.UpgradeRequest r) write(engine.accept(Accept.DEFAULT));
 *     else if (event instanceof TextMessage m) write(engine.send(m));       // echo
 * });
 * ByteBuffer out = engine.pollOutput();                                     // pongs, close replies, errors
 * if (out != null) write(out);
 * if (engine.state() == WsEngine.State.CLOSED) closeSocket();
 * }</pre>
 *
 * <h2>Client</h2>
 * Write {@link #openingHandshake()} first, then feed the response and frames to {@link #receive}; a
 * {@link WsEvent.HandshakeAccepted} event says the connection is open.
 *
 * <h2>Errors</h2>
 * {@link #receive} throws {@link WsProtocolException} when the peer breaks the protocol; the engine has then queued
 * the HTTP error response or close frame to send ({@link #pollOutput()}), moved to {@link State#CLOSED}, and
 * ignores any further input. Calls that do not fit the state throw {@link WsUsageException}.
 */
public interface WsEngine {

    /** The life cycle of a connection. */
    enum State {
        /** Waiting for (server) or about to send / waiting for the answer to (client) the opening handshake. */
        HANDSHAKE,
        /** Server: an {@link WsEvent.UpgradeRequest} was reported; waiting for {@link #accept} or {@link #reject}. */
        AWAITING_DECISION,
        /** Messages flow both ways. */
        OPEN,
        /** This side sent a close frame and waits for the peer's. Received data is still delivered. */
        CLOSING,
        /** The close handshake is done, the connection failed, or the handshake was refused: close the transport. */
        CLOSED
    }

    /** Who started the end of the connection. */
    enum Initiator {
        /** This side sent the first close frame (or refused the handshake). */
        LOCAL,
        /** The peer sent the first close frame. */
        PEER,
        /** The peer broke the protocol and this side failed the connection (RFC 6455 §7.1.7). */
        FAILURE
    }

    Role role();

    State state();

    /** Client: the opening handshake request to write first. Callable once. Server: {@link WsUsageException}. */
    ByteBuffer openingHandshake();

    /**
     * Consumes all remaining bytes of {@code in} and reports the events they complete, in order. Bytes of an
     * incomplete head or frame are kept for the next call. While {@link State#AWAITING_DECISION}, bytes are kept
     * undecoded; after {@link #accept}, call {@code receive} (an empty buffer will do) to decode them.
     *
     * @throws WsProtocolException when the peer broke the protocol (events before the fault were delivered)
     */
    void receive(ByteBuffer in, Consumer<? super WsEvent> sink);

    /**
     * {@link #receive(ByteBuffer, Consumer)} that stops when the caller wants no more events: {@code more} is asked
     * before each frame is decoded (and may be asked more often), and once it answers {@code false} nothing more is
     * decoded; the bytes not decoded stay in {@code in}, whose position is left at the first of them, for a later
     * call (the caller keeps them; an empty {@code in} decodes nothing). So a caller whose application wants no
     * more messages can stop after the message it is holding, instead of decoding, and inflating, everything one
     * read brought: with permessage-deflate, 64 KiB of input may hold 60 messages of 1 MiB each. Events are
     * delivered as in {@code receive}; {@code more} is called on the calling thread, between events.
     *
     * <p>Outside the open states the whole input is taken as by {@code receive} (an opening handshake, bytes kept
     * while a server decides, input after the end), except the frames that follow a handshake in the same input,
     * which are decoded while {@code more} allows.
     *
     * <p>The default implementation feeds {@code in} to {@link #receive(ByteBuffer, Consumer)} in pieces of at most
     * {@value #RECEIVE_WHILE_PIECE} bytes, asking {@code more} before each: an engine that does not override it may
     * decode up to that many bytes past the point where {@code more} turned false. The RFC 6455 engine of
     * ws-codec-impl asks before each frame and decodes nothing past it; when it streams messages
     * ({@link WsConfig#streaming()}) it also asks before each {@link MessageChunk}, and decodes a compressed frame
     * in steps of at most 1 KiB of input, so one step inflates to at most about 1 MiB.
     *
     * @throws WsProtocolException as {@link #receive(ByteBuffer, Consumer)}
     */
    default void receiveWhile(ByteBuffer in, Consumer<? super WsEvent> sink, BooleanSupplier more) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(more, "more");
        ByteBuffer piece = in.duplicate();
        try {
            // At least one call, so that an empty buffer decodes what the engine kept (see receive).
            do {
                if (!more.getAsBoolean()) {
                    break;
                }
                piece.limit(Math.min(in.limit(), piece.position() + RECEIVE_WHILE_PIECE));
                receive(piece, sink);
            } while (piece.position() < in.limit());
        } finally {
            in.position(piece.position());
        }
    }

    /** The largest piece the default {@link #receiveWhile} feeds to {@link #receive} at a time: 256 bytes. */
    int RECEIVE_WHILE_PIECE = 256;

    /** {@link #receive(ByteBuffer, Consumer)} collecting the events in a list. */
    default List<WsEvent> receive(ByteBuffer in) {
        List<WsEvent> events = new ArrayList<>(2);
        receive(in, events::add);
        return events;
    }

    /**
     * Bytes the engine produced by itself and that must be written, in order: pongs, the reply to a close, the
     * close frame or HTTP error that failed the connection. Returns {@code null} when there is nothing. Call after
     * every {@link #receive}.
     *
     * <p>What waits here is bounded, so a caller may leave it unpolled while its transport cannot take more (and
     * stop feeding input meanwhile): an engine keeps at most a few pongs waiting, and the pong of a further ping
     * replaces the newest of them (RFC 6455 §5.5.3 allows answering only the most recent ping). The RFC 6455 engine
     * of ws-codec-impl keeps at most 16.
     */
    ByteBuffer pollOutput();

    /**
     * Server: accepts the pending {@link WsEvent.UpgradeRequest} and returns the {@code 101} response to write.
     * Negotiates the subprotocol (see {@link Accept#subprotocol()}) and the configured extensions.
     */
    ByteBuffer accept(Accept accept);

    /**
     * Server: answers the pending {@link WsEvent.UpgradeRequest} or {@link WsEvent.PlainHttpRequest} with an HTTP
     * response and returns its bytes; the engine moves to {@link State#CLOSED}. The server closes the connection
     * after it, so its {@code Connection} header gets the {@code close} option (RFC 9112 section 9.6), added to
     * any options the response names (e.g. a 426's {@code Upgrade}).
     * The answer to a {@code HEAD} request is the head a {@code GET} would get, with the {@code Content-Length} of the
     * response's body, but without the body (RFC 9110 section 9.3.2); a response with no body may instead set the
     * {@code Content-Length} itself.
     */
    ByteBuffer reject(HttpResponse response);

    /**
     * Encodes a message, chunk or control frame into the bytes to write (masked on the client), preceded by any
     * output the engine had queued by itself and not yet handed out by {@link #pollOutput()} (a pong, say), so that
     * sending from inside the {@link #receive} callback keeps the order of the wire. Sending a
     * {@link Close} starts the close handshake; nothing can be sent after it. The engine answers a peer's close by
     * itself (see {@link #pollOutput()}), so after a {@link Close} event the engine is {@link State#CLOSED}.
     *
     * @throws WsUsageException if the connection is not open, a close was already sent, chunks arrive out of order,
     *                          or a close status cannot be sent
     */
    ByteBuffer send(Outbound frame);

    /**
     * {@link #send(Outbound)} handing the bytes to write to {@code out} as one or more buffers, so that an engine
     * can pass a large payload on without copying it (a gathering write). The contract:
     * <ul>
     *   <li>{@code out} is called, before this method returns, with the buffers in wire order; write all of them,
     *       in that order, before anything this engine hands out later ({@link #pollOutput()} or another send).
     *       The first ones may be output the engine had queued by itself (a pong, say), as with
     *       {@link #send(Outbound)}.</li>
     *   <li>Each buffer is read-only or owned by the caller alone, and its bytes never change: a buffer may be a
     *       view of the {@link Message}'s own payload, which is immutable (for a message made with
     *       {@link BinaryMessage#wrap} or {@link dev.wscodec.api.spi.ValidatedText#wrap}, the view aliases the wrapped array
     *       exactly as the message does, so that array must not change until the buffer was written). Buffers may
     *       be kept after the call returns, e.g. queued until the socket can take them.</li>
     *   <li>The same exceptions as {@link #send(Outbound)}; when it throws, {@code out} was not called.</li>
     * </ul>
     * The default implementation calls {@code out} once with {@link #send(Outbound) send(frame)}; an engine may
     * instead pass a large message as a small header buffer plus its payload (when and how is the engine's own
     * choice, documented by its provider).
     */
    default void send(Outbound frame, Consumer<? super ByteBuffer> out) {
        Objects.requireNonNull(out, "out");
        out.accept(send(frame));
    }

    /**
     * Sends a message {@linkplain dev.wscodec.api.spi.WsCodecProvider#prepare prepared} once for many connections,
     * handing the bytes to {@code out} as {@link #send(Outbound, Consumer)} does (queued output first, then the
     * frame; the buffers are read-only views of the prepared frame, shared by every connection it is sent to).
     * The engine checks that a prepared form fits this connection: it sends the plain frame when no negotiated
     * extension must transform the message, the compressed frame when permessage-deflate was negotiated without
     * context takeover for this side, and otherwise encodes {@link PreparedMessage#message()} itself, exactly as
     * {@link #send(Outbound, Consumer)} would (a client, whose frames are masked per frame, always does).
     *
     * <p>The default implementation encodes the message itself.
     *
     * @return {@code true} when a prepared frame was sent as it is, {@code false} when the message was encoded for
     *         this connection
     * @throws WsUsageException as {@link #send(Outbound)}; when it throws, {@code out} was not called
     */
    default boolean send(PreparedMessage prepared, Consumer<? super ByteBuffer> out) {
        Objects.requireNonNull(prepared, "prepared");
        send(prepared.message(), out);
        return false;
    }

    /**
     * Whether the protocol of this connection has pings. True for RFC 6455; false for protocols without them
     * (draft-hixie-76), to which keep-alive must not send any: {@link #send} of a {@link Ping} or {@link Pong} is
     * then a {@link WsUsageException}. The default is true.
     */
    default boolean supportsPing() {
        return true;
    }

    /** The completed handshake, or {@code null} before the connection is open. */
    WsEvent.HandshakeAccepted handshake();

    /** Who started the end of the connection, or {@code null} while it has not ended. */
    Initiator closeInitiator();

    /**
     * The close status of the connection: the status of the peer's close frame if the peer closed, the status this
     * side sent if it closed first or failed the connection, or {@code null} while neither happened.
     */
    CloseStatus closeStatus();

    /**
     * Frees what the engine holds outside the heap (e.g. a deflater's native memory). Idempotent. Call when the
     * connection ends, however it ends; the engine cannot be used afterwards.
     */
    void release();
}
