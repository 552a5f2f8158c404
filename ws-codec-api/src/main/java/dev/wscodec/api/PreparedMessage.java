package dev.wscodec.api;

import dev.wscodec.api.spi.WsCodecProvider;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message encoded once into the frame bytes of a server, to be written as they are to many connections: what a
 * publish/subscribe fan-out sends to every subscriber of a topic (like gorilla/websocket's {@code PreparedMessage}).
 * Made by {@link WsCodecProvider#prepare(Message, DeflateConfig)} and sent with
 * {@link WsEngine#send(PreparedMessage, java.util.function.Consumer)}. Immutable and safe to share between threads:
 * its frames are kept as arrays nobody can reach, and handed out as fresh read-only views.
 *
 * <p>It holds up to two wire forms of the same message, each one whole unmasked frame (RFC 6455 §5.1: a server
 * never masks, so the bytes are the same for every connection):
 * <ul>
 *   <li>{@link #frame()}: the message as it is (FIN, the opcode, the payload);</li>
 *   <li>{@link #deflatedFrame()}: the message compressed with permessage-deflate (RSV1 set, RFC 7692 §6) with a
 *       fresh compression context, so it fits every connection that negotiated
 *       {@code server_no_context_takeover} (RFC 7692 §7.1.1.1) with a 15-bit window; {@code null} when the
 *       provider was asked for no compression or the message is below the threshold.</li>
 * </ul>
 * An engine sends the form that fits the connection's negotiated extensions, and encodes {@link #message()} itself
 * when none fits (a client, which must mask; an extension that transforms every message; another provider).
 */
public final class PreparedMessage {

    private final String provider;
    private final Message message;
    private final byte[] frame;
    private final byte[] deflatedFrame;

    private PreparedMessage(String provider, Message message, byte[] frame, byte[] deflatedFrame) {
        this.provider = provider;
        this.message = message;
        this.frame = frame;
        this.deflatedFrame = deflatedFrame;
    }

    /**
     * For providers: a prepared message whose frames were encoded by the provider named {@code provider}. Takes
     * ownership of the arrays, which must not change afterwards; {@code frame} may be {@code null} for a provider
     * that prepares nothing (its engines then encode the message per connection), {@code deflatedFrame} is
     * {@code null} when there is no compressed form.
     */
    public static PreparedMessage of(String provider, Message message, byte[] frame, byte[] deflatedFrame) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(message, "message");
        if (frame == null && deflatedFrame != null) {
            throw new IllegalArgumentException("A prepared message with a compressed frame also needs its plain frame.");
        }
        return new PreparedMessage(provider, message, frame, deflatedFrame);
    }

    /** The name of the provider that encoded the frames; only its engines send them as they are. */
    public String provider() {
        return provider;
    }

    /** The message itself, for engines that must encode it per connection. */
    public Message message() {
        return message;
    }

    /** The whole unmasked frame of the message as it is, as a fresh read-only view, or {@code null}. */
    public ByteBuffer frame() {
        return frame == null ? null : ByteBuffer.wrap(frame).asReadOnlyBuffer();
    }

    /** The whole unmasked permessage-deflate frame (fresh context), as a fresh read-only view, or {@code null}. */
    public ByteBuffer deflatedFrame() {
        return deflatedFrame == null ? null : ByteBuffer.wrap(deflatedFrame).asReadOnlyBuffer();
    }

    /** Whether the provider encoded a plain frame. */
    public boolean hasFrame() {
        return frame != null;
    }

    /** Whether the provider encoded a compressed frame. */
    public boolean hasDeflatedFrame() {
        return deflatedFrame != null;
    }

    /** The length of the plain frame in bytes (header and payload), or of the message when there is none. */
    public int frameLength() {
        return frame == null ? message.length() + 14 : frame.length;
    }

    @Override
    public String toString() {
        return "PreparedMessage[" + provider + ", " + message + (deflatedFrame != null ? ", deflated" : "") + "]";
    }
}
