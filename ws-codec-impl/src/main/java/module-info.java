/**
 * The RFC 6455 WebSocket codec: handshake, framing, UTF-8 validation and permessage-deflate behind the
 * {@link dev.wscodec.api.spi.WsCodecProvider} SPI. Exports nothing: use it through
 * {@code WsCodecProvider.lookup()}.
 */
module dev.wscodec.impl {
    requires dev.wscodec.api;

    provides dev.wscodec.api.spi.WsCodecProvider with dev.wscodec.impl.Rfc6455Provider;
}
