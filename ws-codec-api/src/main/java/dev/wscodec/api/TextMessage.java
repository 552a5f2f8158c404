package dev.wscodec.api;

import dev.wscodec.api.internal.TextAccess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A text message. Holds the UTF-8 bytes it came with (received ones are validated) and decodes the
 * {@link String} once, on first use. Codecs make received messages from the bytes they validated with
 * {@link dev.wscodec.api.spi.ValidatedText#wrap}.
 */
public final class TextMessage implements Message {

    static {
        TextAccess.install(utf8 -> new TextMessage(utf8, null));
    }

    private final byte[] utf8;
    private String text;

    private TextMessage(byte[] utf8, String text) {
        this.utf8 = utf8;
        this.text = text;
    }

    public static TextMessage of(String text) {
        Objects.requireNonNull(text, "text");
        return new TextMessage(text.getBytes(StandardCharsets.UTF_8), text);
    }

    /** A copy of the UTF-8 bytes. */
    public byte[] toByteArray() {
        return utf8.clone();
    }

    /** The text. */
    public String text() {
        String t = text;
        if (t == null) {
            t = new String(utf8, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    @Override
    public Opcode opcode() {
        return Opcode.TEXT;
    }

    @Override
    public ByteBuffer payload() {
        return ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    @Override
    public int length() {
        return utf8.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextMessage m && Arrays.equals(m.utf8, utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return "TextMessage[" + utf8.length + " bytes]";
    }
}
