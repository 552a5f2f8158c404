package dev.wscodec.impl.frame;

import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.WsEvent;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Streaming mode: a {@link MessageChunk} per frame piece that arrives (a frame split across reads gives several
 * chunks; an empty frame gives an empty chunk), so a frame never has to be held whole. Decoded bytes are held one
 * piece back, so that the last chunk can say it is the last.
 */
final class StreamedMessages implements MessageOutput {

    private final TextCheck text;
    private Opcode opcode;
    private boolean first;
    private byte[] pending;

    StreamedMessages(TextCheck text) {
        this.text = text;
    }

    @Override
    public void begin(Opcode op) {
        opcode = op;
        first = true;
        pending = null;
    }

    @Override
    public void frame(long length, boolean fin) {
        // nothing to prepare: each piece becomes a chunk as it arrives
    }

    @Override
    public void raw(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean last,
                    Consumer<? super WsEvent> events) {
        byte[] c = new byte[n];
        in.get(c);
        if (masked) {
            Masking.mask(c, 0, n, key, frameOffset);
        }
        text.check(c, 0, n, last);
        emit(c, last, events);
    }

    @Override
    public void decoded(ByteBuffer data, Consumer<? super WsEvent> events) {
        byte[] c = new byte[data.remaining()];
        data.get(c);
        text.check(c, 0, c.length, false);
        if (pending != null) {
            emit(pending, false, events);
        }
        pending = c;
    }

    @Override
    public void endDecoded(Consumer<? super WsEvent> events) {
        byte[] c = pending == null ? new byte[0] : pending;
        pending = null;
        emit(c, true, events);
    }

    private void emit(byte[] c, boolean last, Consumer<? super WsEvent> events) {
        MessageChunk chunk = new MessageChunk(opcode, ByteBuffer.wrap(c), first, last);
        first = false;
        events.accept(chunk);
    }
}
