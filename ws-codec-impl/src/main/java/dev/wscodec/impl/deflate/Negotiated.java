package dev.wscodec.impl.deflate;

import dev.wscodec.api.ExtensionParams;

/**
 * The outcome of a permessage-deflate negotiation, seen from one endpoint.
 *
 * @param ownNoContextTakeover  this side must compress each message with a fresh context
 * @param peerNoContextTakeover the peer compresses each message with a fresh context, so this side need not keep an
 *                              inflater between messages
 * @param ownWindowBits         the largest LZ77 window this side may compress with; below 15 it sends uncompressed
 * @param response              the server's {@code Sec-WebSocket-Extensions} answer
 */
record Negotiated(boolean ownNoContextTakeover, boolean peerNoContextTakeover, int ownWindowBits,
                  ExtensionParams response) {
}
