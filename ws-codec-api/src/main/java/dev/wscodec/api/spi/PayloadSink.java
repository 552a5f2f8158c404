package dev.wscodec.api.spi;

import java.nio.ByteBuffer;

/**
 * Where an extension writes the payload it produces. A sink may throw
 * {@link dev.wscodec.api.WsProtocolException} (e.g. {@code MESSAGE_TOO_BIG} when inflated data passes the message
 * limit), so extensions must write in bounded steps and stop as soon as it throws.
 */
@FunctionalInterface
public interface PayloadSink {

    /** Consumes the remaining bytes of {@code data}; the buffer is not kept after the call returns. */
    void write(ByteBuffer data);
}
