package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.WsMessageStream;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 in chunks, a character possibly split between two (RFC 6455 §8.1): checks it (a streamed text message being
 * sent, which a peer would fail with 1007 otherwise) or also decodes it ({@link WsMessageStream#text()}), carrying the
 * first bytes of a split character over to the next chunk. The JDK's decoder is strict: no overlong forms, no
 * surrogates, nothing above U+10FFFF.
 */
final class Utf8Chunks {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer scratch = CharBuffer.allocate(4096);
    /** The first bytes of a character the last chunk ended inside (at most 3). */
    private final ByteBuffer carry = ByteBuffer.allocate(8);

    /** A text message's chunks decoded; a character split between chunks goes with the next string. */
    static Flowable<String> text(WsMessageStream message) {
        if (!message.isText()) {
            return Flowable.error(new IllegalStateException("text() needs a text message; this one is "
                    + message.opcode() + "."));
        }
        return Flowable.defer(() -> {
            Utf8Chunks utf8 = new Utf8Chunks();
            return message.chunks().map(chunk -> {
                StringBuilder text = new StringBuilder(chunk.remaining());
                if (!utf8.next(chunk, text)) {
                    throw new MalformedInputException(1);
                }
                return text.toString();
            }).concatWith(Flowable.defer(() -> utf8.end() ? Flowable.<String>empty()
                    : Flowable.error(new MalformedInputException(utf8.carry.position()))));
        });
    }

    /**
     * Whether {@code chunk} (not consumed) continues valid UTF-8 so far; appends what it completes to {@code text}
     * unless that is {@code null}.
     */
    boolean next(ByteBuffer chunk, StringBuilder text) {
        ByteBuffer in = chunk.duplicate();
        if (carry.position() > 0) {
            // Complete the split character with the first bytes of this chunk, then go on from there.
            while (carry.position() < 4 && in.hasRemaining()) {
                carry.put(in.get());
                ByteBuffer head = carry.duplicate().flip();
                if (decoder.decode(head, scratch.clear(), false).isError()) {
                    return false;
                }
                if (!head.hasRemaining()) {
                    emit(text);
                    carry.clear();
                    break;
                }
            }
            if (carry.position() > 0) {
                return !in.hasRemaining(); // four bytes and still no character, or wait for more
            }
        }
        for (;;) {
            CoderResult r = decoder.decode(in, scratch.clear(), false);
            if (r.isError()) {
                return false;
            }
            emit(text);
            if (r.isUnderflow()) {
                break;
            }
        }
        carry.put(in); // at most 3 bytes of a split character
        return true;
    }

    /** Whether the message may end here: no character is left unfinished. */
    boolean end() {
        return carry.position() == 0;
    }

    private void emit(StringBuilder text) {
        if (text != null) {
            text.append(scratch.flip());
        }
    }
}
