/**
 * The legacy WebSocket protocol of draft-hixie-75 and draft-hixie-76 behind the
 * {@link dev.wscodec.api.spi.WsCodecProvider} SPI, as the provider {@code hixie-76}. Opt-in only: it is never the
 * default provider. Exports nothing: use it through {@code WsCodecProvider.lookup("hixie-76")}.
 */
module dev.wscodec.hixie {
    requires dev.wscodec.api;

    provides dev.wscodec.api.spi.WsCodecProvider with dev.wscodec.hixie.HixieProvider;
}
