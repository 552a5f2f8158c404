package dev.wscodec.impl;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.impl.deflate.PreparedDeflate;
import dev.wscodec.impl.frame.FrameEncoder;
import dev.wscodec.impl.frame.WsProtocol;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Prepared messages of the RFC 6455 provider: encoding a message once into a server's frames, and choosing for one
 * connection the prepared form that fits it.
 */
final class PreparedFrames {

    /** Server frames are never masked (RFC 6455 §5.1), so one encoder serves every thread. */
    private static final FrameEncoder SERVER_FRAMES = new FrameEncoder(null);

    private PreparedFrames() {
    }

    /** The plain frame, and the compressed one when {@code deflate} asks for it and the message is long enough. */
    static PreparedMessage prepare(Message message, DeflateConfig deflate) {
        int opcode = message.opcode().code();
        byte[] plain = SERVER_FRAMES.frame(WsProtocol.FIN | opcode, message.payload()).array();
        byte[] deflated = null;
        if (deflate != null && message.length() >= deflate.minSizeToCompress()) {
            ByteBuffer compressed = PreparedDeflate.compress(message.payload(), deflate.level());
            // RFC 7692 §6.1: RSV1 on the (only) frame of a compressed message.
            deflated = SERVER_FRAMES.frame(WsProtocol.FIN | PreparedDeflate.RSV1 | opcode, compressed).array();
        }
        return PreparedMessage.of(WsCodecProvider.DEFAULT_NAME, message, plain, deflated);
    }

    /**
     * The prepared frame that this connection can send as it is, or {@code null} when it must encode the message
     * itself: a client (it masks every frame with a fresh key, RFC 6455 §5.3), a message of another provider, a
     * message longer than the configured fragment size, or a negotiated extension other than permessage-deflate.
     * With permessage-deflate, the compressed frame fits only when this side compresses without context takeover
     * (the peer then expects no shared history); the plain frame fits always, since an endpoint may send any
     * message uncompressed with RSV1 clear (RFC 7692 §6).
     */
    static ByteBuffer fit(PreparedMessage p, Role role, List<WsExtension> extensions, int fragmentSize) {
        if (role != Role.SERVER || !p.hasFrame() || !WsCodecProvider.DEFAULT_NAME.equals(p.provider())
                || (fragmentSize > 0 && p.message().length() > fragmentSize)) {
            return null;
        }
        if (extensions.isEmpty()) {
            return p.frame();
        }
        if (extensions.size() != 1 || !PreparedDeflate.isDeflate(extensions.get(0))) {
            return null;
        }
        if (p.hasDeflatedFrame() && PreparedDeflate.takesIndependentMessages(extensions.get(0))) {
            return p.deflatedFrame();
        }
        return p.frame();
    }
}
