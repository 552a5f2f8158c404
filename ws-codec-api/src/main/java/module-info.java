/**
 * The WebSocket codec API: immutable value types, the sans-I/O {@link dev.wscodec.api.WsEngine}
 * and the provider SPI looked up through {@link java.util.ServiceLoader}.
 */
module dev.wscodec.api {
    exports dev.wscodec.api;
    exports dev.wscodec.api.spi;

    uses dev.wscodec.api.spi.WsCodecProvider;
}
