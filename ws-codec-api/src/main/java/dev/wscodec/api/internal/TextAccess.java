package dev.wscodec.api.internal;

import dev.wscodec.api.TextMessage;
import java.util.Objects;
import java.util.function.Function;

/**
 * Not API, and not exported by the module: the bridge between {@link TextMessage}, whose constructor from
 * validated bytes is private, and {@link dev.wscodec.api.spi.ValidatedText}, the SPI entry that codecs call.
 * {@link TextMessage}'s class initializer installs the constructor here, once.
 */
public final class TextAccess {

    private static volatile Function<byte[], TextMessage> wrap;

    private TextAccess() {
    }

    /** Called once, by {@link TextMessage}'s class initializer. */
    public static void install(Function<byte[], TextMessage> constructor) {
        if (wrap != null) {
            throw new IllegalStateException("The TextMessage constructor is installed already.");
        }
        wrap = Objects.requireNonNull(constructor, "constructor");
    }

    /** A message that owns {@code utf8}, known to be valid UTF-8. */
    public static TextMessage wrap(byte[] utf8) {
        Function<byte[], TextMessage> w = wrap;
        if (w == null) {
            TextMessage.of(""); // initializes TextMessage, which installs its constructor
            w = wrap;
        }
        return w.apply(Objects.requireNonNull(utf8, "utf8"));
    }
}
