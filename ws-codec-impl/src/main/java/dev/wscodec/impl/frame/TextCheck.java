package dev.wscodec.impl.frame;

import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;

/** The UTF-8 rule of a text message (RFC 6455 §8.1), checked as its bytes arrive; binary messages pass. */
final class TextCheck {

    private final Utf8Validator utf8 = new Utf8Validator();
    private boolean text;
    private long position;

    /** A message starts. */
    void begin(boolean isText) {
        text = isText;
        position = 0;
        utf8.reset();
    }

    /** The next {@code n} bytes of the message, at {@code a[off]}; {@code last} when they end it. */
    void check(byte[] a, int off, int n, boolean last) {
        if (!text) {
            return;
        }
        // RFC 6455 §8.1: fail the connection at the first byte that cannot be part of valid UTF-8.
        int bad = utf8.validate(a, off, n);
        if (bad >= 0) {
            throw new WsProtocolException(Violation.INVALID_UTF8, "The text message is not valid UTF-8 at byte "
                    + (position + bad - off) + " (RFC 6455 section 8.1).");
        }
        position += n;
        if (last) {
            finish();
        }
    }

    /** The message ended: a text message must not end inside a character. */
    void finish() {
        if (text && !utf8.isComplete()) {
            throw new WsProtocolException(Violation.INVALID_UTF8,
                    "The text message ends in the middle of a UTF-8 character (RFC 6455 section 8.1).");
        }
    }
}
