package dev.wscodec.api.spi;

import dev.wscodec.api.TextMessage;
import dev.wscodec.api.internal.TextAccess;

/**
 * For codecs (SPI): a {@link TextMessage} made from bytes the codec has already validated as UTF-8 (RFC 6455
 * §8.1), without copying nor validating them again. Applications make text messages with
 * {@link TextMessage#of(String)}.
 */
public final class ValidatedText {

    private ValidatedText() {
    }

    /**
     * Takes ownership of {@code utf8}, which must be valid UTF-8, without copying: the caller must not change the
     * array afterwards (the message and every buffer it hands out alias it).
     */
    public static TextMessage wrap(byte[] utf8) {
        return TextAccess.wrap(utf8);
    }
}
