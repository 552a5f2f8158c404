package dev.wscodec.api;

import java.nio.ByteBuffer;

/** A whole data message, text or binary. Immutable: payloads are never shared with a buffer anyone can change. */
public sealed interface Message extends WsEvent, Outbound permits TextMessage, BinaryMessage {

    /** {@link Opcode#TEXT} or {@link Opcode#BINARY}. */
    Opcode opcode();

    /** The payload bytes as a fresh read-only view (UTF-8 for text). */
    ByteBuffer payload();

    /** The payload length in bytes. */
    int length();
}
