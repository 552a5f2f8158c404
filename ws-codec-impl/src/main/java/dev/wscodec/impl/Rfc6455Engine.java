package dev.wscodec.impl;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Message;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Pong;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import dev.wscodec.impl.frame.CloseFrames;
import dev.wscodec.impl.frame.FrameDecoder;
import dev.wscodec.impl.frame.MaskKeys;
import dev.wscodec.impl.frame.OutboundEncoder;
import dev.wscodec.impl.frame.WsProtocol;
import dev.wscodec.impl.handshake.ClientHandshaker;
import dev.wscodec.impl.handshake.ServerHandshaker;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The {@link WsEngine} of RFC 6455: HANDSHAKE -> (server) AWAITING_DECISION -> OPEN -> CLOSING -> CLOSED. The
 * handshake is delegated to {@link ServerHandshaker}/{@link ClientHandshaker}, frames to {@link FrameDecoder} and
 * {@link OutboundEncoder}. Client frames are masked with keys from {@link WsConfig#random()}, or by default from
 * {@link java.security.SecureRandom} (see {@link MaskKeys}).
 */
public final class Rfc6455Engine implements WsEngine {

    private final Role role;
    private final WsConfig config;
    /** The handshakers, dropped once the handshake is over: an open connection keeps no parser. */
    private ServerHandshaker server;
    private ClientHandshaker client;
    private final OutputQueue output = new OutputQueue();
    private static final BooleanSupplier ALWAYS = () -> true;
    /** During {@link #receiveWhile}: whether the caller wants the next frame decoded. */
    private BooleanSupplier more = ALWAYS;

    private State state = State.HANDSHAKE;
    private boolean requestSent;
    private WsEvent pendingRequest;
    private EarlyInput early;
    private WsEvent.HandshakeAccepted handshake;
    private List<WsExtension> extensions = List.of();
    private FrameDecoder decoder;
    private OutboundEncoder encoder;
    private Initiator initiator;
    private CloseStatus closeStatus;
    private boolean released;

    private Rfc6455Engine(Role role, WsConfig config, ClientHandshake spec) {
        this.role = role;
        this.config = config;
        List<WsExtensionFactory> factories = Framing.extensionFactories(config);
        if (role == Role.SERVER) {
            this.server = new ServerHandshaker(config, factories);
            this.client = null;
        } else {
            RandomGenerator random = config.random() != null ? config.random() : MaskKeys.secureRandom();
            this.client = new ClientHandshaker(config, spec, factories, random);
            this.server = null;
        }
    }

    /** A server engine. */
    public static Rfc6455Engine server(WsConfig config) {
        return new Rfc6455Engine(Role.SERVER, config, null);
    }

    /** A client engine that will send {@code handshake}. */
    public static Rfc6455Engine client(WsConfig config, ClientHandshake handshake) {
        return new Rfc6455Engine(Role.CLIENT, config, Objects.requireNonNull(handshake, "handshake"));
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public State state() {
        return state;
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
        ByteBuffer request = client.request();
        requestSent = true;
        return request;
    }

    @Override
    public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
        receiveWhile(in, sink, ALWAYS);
    }

    /** Checks {@code more} before each frame: the bytes of frames not started stay in {@code in}. */
    @Override
    public void receiveWhile(ByteBuffer in, Consumer<? super WsEvent> sink, BooleanSupplier more) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        this.more = Objects.requireNonNull(more, "more");
        try {
            switch (state) {
                case HANDSHAKE:
                    if (role == Role.SERVER) {
                        receiveRequest(in, sink);
                    } else {
                        receiveResponse(in, sink);
                    }
                    break;
                case AWAITING_DECISION:
                    keep(in);
                    break;
                case OPEN:
                case CLOSING:
                    receiveFrames(in, sink);
                    break;
                case CLOSED:
                default:
                    in.position(in.limit()); // the connection is over: input is ignored
                    break;
            }
        } catch (WsProtocolException e) {
            fail(e);
            in.position(in.limit());
            throw e;
        } finally {
            this.more = ALWAYS;
        }
    }

    private void receiveRequest(ByteBuffer in, Consumer<? super WsEvent> sink) {
        WsEvent request = server.parse(in);
        if (request == null) {
            return;
        }
        pendingRequest = request;
        state = State.AWAITING_DECISION;
        sink.accept(request);
        afterHandshake(in, sink); // the application may have decided inside the callback
    }

    private void receiveResponse(ByteBuffer in, Consumer<? super WsEvent> sink) {
        if (!requestSent) {
            throw new WsUsageException("The client has not sent its opening handshake yet; write openingHandshake() "
                    + "before receiving the server's answer.");
        }
        WsEvent response = client.parse(in);
        if (response == null) {
            return;
        }
        boolean accepted = response instanceof WsEvent.HandshakeAccepted;
        if (accepted) {
            handshake = (WsEvent.HandshakeAccepted) response;
            open(client.extensions());
        } else {
            end(Initiator.PEER, CloseStatus.ABNORMAL);
        }
        sink.accept(response);
        if (accepted && config.holdAfterHandshake() && state != State.CLOSED && in.hasRemaining()) {
            // The frames behind the 101 wait for the next receive call (see WsConfig#holdAfterHandshake).
            early = EarlyInput.copyOf(in);
            return;
        }
        afterHandshake(in, sink);
    }

    private void afterHandshake(ByteBuffer in, Consumer<? super WsEvent> sink) {
        switch (state) {
            case AWAITING_DECISION -> keep(in);
            case OPEN, CLOSING -> receiveFrames(in, sink);
            default -> in.position(in.limit());
        }
    }

    private void receiveFrames(ByteBuffer in, Consumer<? super WsEvent> sink) {
        if (early != null) {
            ByteBuffer k = early.bytes();
            early = null;
            if (k != null && !decoder.decode(k, sink, more)) {
                in.position(in.limit());
                return;
            }
            if (k != null && k.hasRemaining()) {
                // The caller wants no more now: the kept bytes wait, before anything in {@code in}. A rest of what was
                // kept already, so no new bound applies (a client's read behind the 101 may exceed a server's).
                early = EarlyInput.copyOf(k);
                return;
            }
        }
        if (!decoder.decode(in, sink, more)) {
            in.position(in.limit()); // RFC 6455 §5.5.1: nothing follows the peer's close frame
        }
    }

    /** Keeps bytes that arrive while the server application decides on the handshake (see {@link EarlyInput}). */
    private void keep(ByteBuffer in) {
        if (in.hasRemaining()) {
            if (early == null) {
                early = new EarlyInput(config.maxFrameSize());
            }
            early.keep(in);
        }
    }

    private void open(List<WsExtension> negotiated) {
        extensions = List.copyOf(negotiated);
        decoder = Framing.decoder(role, config, extensions, this::onControl);
        encoder = Framing.encoder(role, config, extensions);
        state = State.OPEN;
        server = null;
        client = null;
    }

    /** The peer broke the protocol: queue what to answer and close (RFC 6455 §7.1.7). */
    private void fail(WsProtocolException e) {
        if (e.violation().isHandshake()) {
            if (role == Role.SERVER && (state == State.HANDSHAKE || state == State.AWAITING_DECISION)) {
                output.add(server != null ? server.refusal(e) : ServerHandshaker.errorResponse(e));
            }
            // A client fails a bad handshake without sending anything: no frame may precede the open state.
            end(Initiator.FAILURE, CloseStatus.ABNORMAL);
        } else if (state == State.OPEN) {
            CloseStatus status = CloseStatus.of(e.closeCode(), CloseFrames.shortReason(e.getMessage()));
            output.add(encoder.close(status));
            end(Initiator.FAILURE, status);
        } else {
            end(Initiator.FAILURE, CloseStatus.ABNORMAL); // our close frame was sent already: send nothing more
        }
    }

    private void end(Initiator who, CloseStatus status) {
        state = State.CLOSED;
        if (initiator == null) {
            initiator = who;
            closeStatus = status;
        }
        early = null;
        server = null;
        client = null;
    }

    /** A complete control frame arrived; returns whether decoding goes on (not after a close). */
    private boolean onControl(int opcode, byte[] payload, Consumer<? super WsEvent> events) {
        switch (opcode) {
            case WsProtocol.OP_PING:
                // RFC 6455 §5.5.2: answer a ping with a pong carrying the same application data; §5.5.3: pongs
                // not yet handed out are bounded, a further one answering only the most recent ping.
                if (config.autoPong() && state == State.OPEN) {
                    output.addPong(encoder.control(WsProtocol.OP_PONG, payload));
                }
                events.accept(new Ping(ByteBuffer.wrap(payload)));
                return true;
            case WsProtocol.OP_PONG:
                events.accept(new Pong(ByteBuffer.wrap(payload)));
                return true;
            default:
                CloseStatus status = CloseFrames.parse(payload);
                if (state == State.OPEN) {
                    // RFC 6455 §5.5.1: reply with a close frame, echoing the status code received.
                    CloseStatus echo = status == CloseStatus.EMPTY ? CloseStatus.EMPTY : CloseStatus.of(status.code());
                    output.add(encoder.close(echo));
                    end(Initiator.PEER, status);
                } else {
                    end(Initiator.LOCAL, status);
                }
                events.accept(new Close(status));
                return false;
        }
    }

    @Override
    public ByteBuffer pollOutput() {
        return output.poll();
    }

    @Override
    public ByteBuffer accept(Accept accept) {
        Objects.requireNonNull(accept, "accept");
        UsageRules.checkDecision(role, state, "accept");
        if (pendingRequest instanceof WsEvent.PlainHttpRequest) {
            throw new WsUsageException("The request is a plain HTTP request, not a WebSocket upgrade, so it cannot be "
                    + "accepted; answer it with reject(HttpResponse).");
        }
        ServerHandshaker.ServerAccepted accepted;
        try {
            accepted = server.accept(accept);
        } catch (WsProtocolException e) {
            fail(e); // an extension refused the client's offer outright: answer 400 and close
            throw e;
        }
        handshake = accepted.event();
        pendingRequest = null;
        open(accepted.extensions());
        return accepted.response();
    }

    @Override
    public ByteBuffer reject(HttpResponse response) {
        Objects.requireNonNull(response, "response");
        UsageRules.checkDecision(role, state, "reject");
        ByteBuffer bytes = ServerHandshaker.encodeLast(response,
                pendingRequest instanceof WsEvent.PlainHttpRequest p ? p.request() : null);
        pendingRequest = null;
        end(Initiator.LOCAL, CloseStatus.ABNORMAL);
        return bytes;
    }

    @Override
    public ByteBuffer send(Outbound frame) {
        Objects.requireNonNull(frame, "frame");
        UsageRules.checkCanSend(state);
        // Output the engine queued by itself (a pong for a ping decoded earlier in this read, say) goes first, so
        // that a frame sent from inside the receive callback cannot overtake it (Autobahn 5.6, 5.19).
        ByteBuffer bytes = output.pollBefore(encoder.encode(frame));
        if (frame instanceof Close close) {
            state = State.CLOSING;
            initiator = Initiator.LOCAL;
            closeStatus = close.status();
        }
        return bytes;
    }

    /**
     * A message of at least {@link OutboundGather#MIN_LENGTH} bytes that no extension transforms goes out as a
     * header buffer plus the payload: a server's as a read-only view of the message's own bytes, without copying;
     * a client's as a masked copy made without zero-filling. Anything else as {@link #send(Outbound)} encodes it.
     */
    @Override
    public void send(Outbound frame, Consumer<? super ByteBuffer> out) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(out, "out");
        UsageRules.checkCanSend(state);
        ByteBuffer[] parts = frame instanceof Message m ? encoder.parts(m, OutboundGather.MIN_LENGTH) : null;
        if (parts == null) {
            out.accept(send(frame));
        } else {
            OutboundGather.write(output.poll(), parts[0], parts[1], out);
        }
    }

    /** The prepared frame that fits this connection as it is (see {@link PreparedFrames#fit}), else the message. */
    @Override
    public boolean send(PreparedMessage prepared, Consumer<? super ByteBuffer> out) {
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(out, "out");
        UsageRules.checkCanSend(state);
        ByteBuffer frame = PreparedFrames.fit(prepared, role, extensions, config.fragmentSize());
        if (frame == null) {
            send(prepared.message(), out);
            return false;
        }
        encoder.checkNoStream();
        ByteBuffer queued = output.poll();
        if (queued != null) {
            out.accept(queued);
        }
        out.accept(frame);
        return true;
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
        if (released) {
            return;
        }
        released = true;
        for (WsExtension e : extensions) {
            e.release();
        }
    }

    @Override
    public String toString() {
        return "Rfc6455Engine[" + role + ", " + state + "]";
    }
}
