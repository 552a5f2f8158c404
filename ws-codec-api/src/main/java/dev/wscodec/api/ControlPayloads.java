package dev.wscodec.api;

import java.nio.ByteBuffer;

/** Shared checks for control frame payloads. */
final class ControlPayloads {

    /** RFC 6455 §5.5: all control frames have a payload length of 125 bytes or less. */
    static final int MAX = 125;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private ControlPayloads() {
    }

    static ByteBuffer check(ByteBuffer data, String what) {
        if (data == null) {
            return EMPTY;
        }
        if (data.remaining() > MAX) {
            throw new IllegalArgumentException("A " + what + " carries at most " + MAX + " bytes of data but "
                    + data.remaining() + " were given (RFC 6455 section 5.5).");
        }
        return data.asReadOnlyBuffer();
    }
}
