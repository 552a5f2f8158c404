package dev.wscodec.vertx.impl.rx;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that the bytes of a text message sent in chunks are UTF-8 (RFC 6455 §8.1: a peer fails the connection
 * with 1007 otherwise), a character possibly split between chunks. The JDK's decoder is strict: no overlong forms,
 * no surrogates, nothing above U+10FFFF.
 */
final class Utf8Check {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer scratch = CharBuffer.allocate(4096);
    /** The first bytes of a character the last chunk ended inside (at most 3). */
    private final ByteBuffer carry = ByteBuffer.allocate(8);

    /** Whether {@code chunk} (not consumed) continues valid UTF-8 so far. */
    boolean next(ByteBuffer chunk) {
        ByteBuffer in = chunk.duplicate();
        if (carry.position() > 0) {
            // Complete the split character with the first bytes of this chunk, then go on from there.
            while (carry.position() < 4 && in.hasRemaining()) {
                carry.put(in.get());
                ByteBuffer head = carry.duplicate().flip();
                CoderResult r = decoder.decode(head, scratch.clear(), false);
                if (r.isError()) {
                    return false;
                }
                if (!head.hasRemaining()) {
                    carry.clear();
                    break;
                }
            }
            if (carry.position() > 0) {
                return in.hasRemaining() ? false : true; // four bytes and still no character, or wait for more
            }
        }
        for (;;) {
            CoderResult r = decoder.decode(in, scratch.clear(), false);
            if (r.isError()) {
                return false;
            }
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
}
