package dev.wscodec.api;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/** A binary message. Its bytes can be read but not changed. */
public final class BinaryMessage implements Message {

    private final byte[] data;

    private BinaryMessage(byte[] data) {
        this.data = data;
    }

    /** A message holding a copy of {@code data}. */
    public static BinaryMessage of(byte[] data) {
        return new BinaryMessage(data.clone());
    }

    /** A message holding a copy of the remaining bytes of {@code data}; the buffer's position is not moved. */
    public static BinaryMessage of(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return new BinaryMessage(copy);
    }

    /**
     * Takes ownership of {@code data} without copying. The caller must not change the array afterwards. Meant for
     * codecs, which allocate a fresh array per message.
     */
    public static BinaryMessage wrap(byte[] data) {
        return new BinaryMessage(Objects.requireNonNull(data, "data"));
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return data.clone();
    }

    @Override
    public Opcode opcode() {
        return Opcode.BINARY;
    }

    @Override
    public ByteBuffer payload() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    @Override
    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryMessage m && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BinaryMessage[" + data.length + " bytes]";
    }
}
