package dev.wscodec.impl.frame;

import dev.wscodec.api.Opcode;
import dev.wscodec.api.WsEvent;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Where the bytes of inbound data messages go, one strategy per receive mode: {@link WholeMessages} (one event
 * per message) or {@link StreamedMessages} (one event per piece). Fed either the wire payload of frames (raw) or
 * what the extensions decoded from it; {@link MessageAssembler} decides which, per message.
 */
interface MessageOutput {

    /** A data message starts. */
    void begin(Opcode opcode);

    /** A raw frame of the current message with this payload length starts; the limits were checked. */
    void frame(long length, boolean fin);

    /**
     * {@code n} raw payload bytes at {@code in}'s position, consumed and unmasked on the way in.
     *
     * @param frameOffset the position of these bytes within the frame's payload (for the masking key's phase)
     * @param last        whether they end the message
     */
    void raw(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean last,
             Consumer<? super WsEvent> events);

    /** Decoded bytes of a message an extension decodes (never empty; within the message limit). */
    void decoded(ByteBuffer data, Consumer<? super WsEvent> events);

    /** The end of a message an extension decoded. */
    void endDecoded(Consumer<? super WsEvent> events);
}
