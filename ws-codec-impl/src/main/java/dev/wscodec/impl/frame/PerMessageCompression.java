package dev.wscodec.impl.frame;

/**
 * The typed handle by which the engine recognizes a per-message compression extension (RFC 7692 §6), such as
 * permessage-deflate: such an extension marks a compressed message with its "Per-Message Compressed" bit on the
 * first frame, and that bit is never set on a control frame (§6.1, {@link dev.wscodec.api.Violation#COMPRESSED_CONTROL}).
 */
public interface PerMessageCompression {

    /** The "Per-Message Compressed" bit, as a bit of the first header byte (RSV1 = 0x40 for permessage-deflate). */
    int compressedBit();
}
