package dev.wscodec.api;

/** What {@link WsEngine#send(Outbound)} can encode into frames. */
public sealed interface Outbound permits Message, MessageChunk, Ping, Pong, Close {
}
