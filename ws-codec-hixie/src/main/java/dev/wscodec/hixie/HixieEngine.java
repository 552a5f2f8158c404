package dev.wscodec.hixie;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link WsEngine} of draft-hixie-76 and draft-hixie-75: HANDSHAKE -> (server) AWAITING_DECISION -> OPEN ->
 * CLOSING -> CLOSED, with the same events and message types as the RFC 6455 engine. What the protocol lacks, the
 * engine refuses or leaves out: sending a binary message, a ping or a pong is a {@link WsUsageException}; a close
 * carries no code (a received close is reported as {@link CloseStatus#EMPTY}); a failed connection is closed
 * without any frame; {@link #supportsPing()} is false so that keep-alive never pings such a peer. A draft-75
 * connection has no closing handshake at all: sending a close ends it at once.
 */
final class HixieEngine implements WsEngine {

    private final Role role;
    private final WsConfig config;
    private ServerOpening server;
    private ClientOpening client;
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>(2);
    private State state = State.HANDSHAKE;
    private boolean requestSent;
    private boolean plainRequest;
    private int draft = 76;
    private ByteBuffer kept;
    private FrameReader frames;
    private WsEvent.HandshakeAccepted handshake;
    private boolean chunkOpen;
    private Initiator initiator;
    private CloseStatus closeStatus;

    private HixieEngine(Role role, WsConfig config, ServerOpening server, ClientOpening client) {
        this.role = role;
        this.config = config;
        this.server = server;
        this.client = client;
    }

    static HixieEngine server(WsConfig config, boolean secure) {
        return new HixieEngine(Role.SERVER, config, new ServerOpening(config, secure), null);
    }

    static HixieEngine client(WsConfig config, ClientHandshake spec) {
        ClientOpening opening = new ClientOpening(config, spec,
                config.random() != null ? config.random() : new SecureRandom());
        return new HixieEngine(Role.CLIENT, config, null, opening);
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public State state() {
        return state;
    }

    /** False: draft-hixie-75 and -76 have no ping and no pong. */
    @Override
    public boolean supportsPing() {
        return false;
    }

    @Override
    public ByteBuffer openingHandshake() {
        if (role != Role.CLIENT) {
            throw new WsUsageException("A server engine does not send an opening handshake; it answers one with "
                    + "accept or reject.");
        }
        if (requestSent || state != State.HANDSHAKE) {
            throw new WsUsageException("The opening handshake was already produced; it is sent only once.");
        }
        requestSent = true;
        return client.request();
    }

    @Override
    public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        try {
            switch (state) {
                case HANDSHAKE -> {
                    if (role == Role.SERVER) {
                        receiveRequest(in, sink);
                    } else {
                        receiveResponse(in, sink);
                    }
                }
                case AWAITING_DECISION -> keep(in);
                case OPEN, CLOSING -> receiveFrames(in, sink);
                default -> in.position(in.limit()); // the connection is over: input is ignored
            }
        } catch (WsProtocolException e) {
            fail(e);
            in.position(in.limit());
            throw e;
        }
    }

    private void receiveRequest(ByteBuffer in, Consumer<? super WsEvent> sink) {
        WsEvent request = server.read(in);
        if (request == null) {
            return;
        }
        plainRequest = request instanceof WsEvent.PlainHttpRequest;
        draft = server.draft();
        state = State.AWAITING_DECISION;
        sink.accept(request);
        afterHandshake(in, sink); // the application may have decided inside the callback
    }

    private void receiveResponse(ByteBuffer in, Consumer<? super WsEvent> sink) {
        if (!requestSent) {
            throw new WsUsageException("The client has not sent its opening handshake yet; write openingHandshake() "
                    + "before receiving the server's answer.");
        }
        WsEvent response = client.read(in);
        if (response == null) {
            return;
        }
        if (response instanceof WsEvent.HandshakeAccepted accepted) {
            handshake = accepted;
            open();
        } else {
            end(Initiator.PEER, CloseStatus.ABNORMAL);
        }
        sink.accept(response);
        afterHandshake(in, sink);
    }

    private void afterHandshake(ByteBuffer in, Consumer<? super WsEvent> sink) {
        switch (state) {
            case AWAITING_DECISION -> keep(in);
            case OPEN, CLOSING -> receiveFrames(in, sink);
            default -> in.position(in.limit());
        }
    }

    /** Bytes that come while the server decides: at most one largest frame, as a client waits for the answer. */
    private void keep(ByteBuffer in) {
        if (!in.hasRemaining()) {
            return;
        }
        long limit = Math.min(Integer.MAX_VALUE - 8, config.maxFrameSize() + 2);
        int have = kept == null ? 0 : kept.position();
        if (have + (long) in.remaining() > limit) {
            throw new WsProtocolException(Violation.MALFORMED_REQUEST, "The client sent more than " + limit
                    + " bytes after its opening handshake without waiting for the answer (draft-hixie-76 section 4.1).");
        }
        if (kept == null || kept.remaining() < in.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(256, have + in.remaining()));
            if (kept != null) {
                bigger.put(kept.flip());
            }
            kept = bigger;
        }
        kept.put(in);
    }

    private void receiveFrames(ByteBuffer in, Consumer<? super WsEvent> sink) {
        if (kept != null) {
            ByteBuffer k = kept.flip();
            kept = null;
            if (frames.read(k, sink)) {
                onClose(sink);
                in.position(in.limit());
                return;
            }
        }
        if (frames.read(in, sink)) {
            onClose(sink);
            in.position(in.limit()); // nothing follows the closing frame
        }
    }

    /** The peer's closing frame {@code 0xFF 0x00} (draft-hixie-76 section 5.3 and 5.4). */
    private void onClose(Consumer<? super WsEvent> sink) {
        if (state == State.OPEN) {
            output.add(Frames.close()); // answer it, then the connection ends
            end(Initiator.PEER, CloseStatus.EMPTY);
        } else {
            end(Initiator.LOCAL, closeStatus);
        }
        sink.accept(new Close(CloseStatus.EMPTY));
    }

    private void open() {
        frames = new FrameReader(config.maxFrameSize(), config.maxMessageSize(), config.streaming());
        state = State.OPEN;
        server = null;
        client = null;
    }

    /**
     * The peer broke the protocol. A bad request head is answered with its HTTP error; otherwise the connection
     * is closed without a frame, as the protocol has no way to say why (draft-hixie-76 section 5.3: "fail the
     * WebSocket connection").
     */
    private void fail(WsProtocolException e) {
        if (e.violation().isHandshake()) {
            if (role == Role.SERVER && (state == State.HANDSHAKE || state == State.AWAITING_DECISION)) {
                output.add(HttpWire.errorResponse(e, server != null && server.headMethod()));
            }
            end(Initiator.FAILURE, CloseStatus.ABNORMAL);
        } else {
            end(Initiator.FAILURE, CloseStatus.of(e.closeCode(), ""));
        }
    }

    private void end(Initiator who, CloseStatus status) {
        state = State.CLOSED;
        if (initiator == null) {
            initiator = who;
            closeStatus = status;
        }
        kept = null;
        server = null;
        client = null;
    }

    @Override
    public ByteBuffer pollOutput() {
        if (output.isEmpty()) {
            return null;
        }
        if (output.size() == 1) {
            return output.poll();
        }
        int n = 0;
        for (ByteBuffer b : output) {
            n += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(n);
        while (!output.isEmpty()) {
            all.put(output.poll());
        }
        return all.flip();
    }

    @Override
    public ByteBuffer accept(Accept accept) {
        Objects.requireNonNull(accept, "accept");
        checkDecision("accept");
        if (plainRequest) {
            throw new WsUsageException("The request is a plain HTTP request, not a WebSocket upgrade, so it cannot be "
                    + "accepted; answer it with reject(HttpResponse).");
        }
        ServerOpening.Accepted accepted = server.accept(accept);
        handshake = accepted.event();
        open();
        return accepted.bytes();
    }

    @Override
    public ByteBuffer reject(HttpResponse response) {
        Objects.requireNonNull(response, "response");
        checkDecision("reject");
        ByteBuffer bytes = HttpWire.encode(response, server.headMethod()); // RFC 9110 section 9.3.2
        end(Initiator.LOCAL, CloseStatus.ABNORMAL);
        return bytes;
    }

    private void checkDecision(String what) {
        if (role != Role.SERVER) {
            throw new WsUsageException("Only a server engine can " + what + " an opening handshake.");
        }
        if (state != State.AWAITING_DECISION) {
            throw new WsUsageException("There is no pending request to " + what + "; the engine is " + state + ".");
        }
    }

    @Override
    public ByteBuffer send(Outbound frame) {
        Objects.requireNonNull(frame, "frame");
        checkCanSend();
        ByteBuffer bytes;
        if (frame instanceof Message m) {
            if (chunkOpen) {
                throw new WsUsageException("A chunked message is not finished; send its last chunk before another "
                        + "message.");
            }
            bytes = Frames.text(m);
        } else if (frame instanceof MessageChunk c) {
            if (c.first() == chunkOpen) {
                throw new WsUsageException(c.first() ? "A chunked message is not finished; send its last chunk "
                        + "before starting another." : "A chunk that is not the first needs a message to continue.");
            }
            bytes = Frames.chunk(c);
            chunkOpen = !c.last();
        } else if (frame instanceof Close close) {
            initiator = Initiator.LOCAL;
            closeStatus = close.status(); // draft-hixie-76 has no close codes: the status is not sent
            if (draft == 75) {
                state = State.CLOSED; // draft-hixie-75 section 4.2: closing is closing the TCP connection
                bytes = ByteBuffer.allocate(0);
            } else {
                state = State.CLOSING; // draft-hixie-76 section 5.4: send 0xFF 0x00 and wait for the peer's
                bytes = Frames.close();
            }
            if (chunkOpen) {
                // An unfinished chunked message is cut short: its frame must end before the closing frame.
                bytes = ByteBuffer.allocate(bytes.remaining() + 1).put((byte) 0xFF).put(bytes).flip();
                chunkOpen = false;
            }
        } else {
            throw new WsUsageException("draft-hixie-76 (and -75) has no " + (frame instanceof dev.wscodec.api.Ping
                    ? "ping" : "pong") + " frames; keep-alive cannot be used with such a peer (see supportsPing()).");
        }
        ByteBuffer queued = pollOutput();
        if (queued == null) {
            return bytes;
        }
        ByteBuffer both = ByteBuffer.allocate(queued.remaining() + bytes.remaining());
        return both.put(queued).put(bytes).flip();
    }

    private void checkCanSend() {
        switch (state) {
            case OPEN -> {
            }
            case CLOSING -> throw new WsUsageException("The closing frame was already sent, so nothing more can be "
                    + "sent on this connection (draft-hixie-76 section 5.4).");
            case CLOSED -> throw new WsUsageException("The connection is closed, so nothing more can be sent on it.");
            default -> throw new WsUsageException("The connection is not open yet; frames can be sent once the "
                    + "opening handshake has completed.");
        }
    }

    @Override
    public WsEvent.HandshakeAccepted handshake() {
        return handshake;
    }

    @Override
    public Initiator closeInitiator() {
        return initiator;
    }

    @Override
    public CloseStatus closeStatus() {
        return closeStatus;
    }

    @Override
    public void release() {
        kept = null;
        frames = null;
    }

    @Override
    public String toString() {
        return "HixieEngine[" + role + ", draft-hixie-" + draft + ", " + state + "]";
    }
}
