package dev.wscodec.impl.deflate;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Role;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.util.List;
import java.util.Objects;

/**
 * The permessage-deflate extension (RFC 7692) for both roles, configured by a {@link DeflateConfig}.
 *
 * <h2>Negotiation</h2>
 * A server accepts the first offer whose parameters are valid; offers with unknown, repeated or badly valued
 * parameters are declined (RFC 7692 §5) and the next one is tried. The answer repeats an offered
 * {@code server_no_context_takeover} and {@code client_no_context_takeover} (the latter so that no inflater is kept
 * between messages), adds either when configured, answers an offered {@code server_max_window_bits} with
 * {@code min(offer, config)}, and {@code client_max_window_bits} (only if offered) when the configured client window
 * is below 15. A client offers its configuration (always with {@code client_max_window_bits}) and fails the
 * connection with {@code UNOFFERED_EXTENSION} (1010) when the answer does not fit its offer (RFC 7692 §5.1, §7.1).
 *
 * <h2>Window sizes</h2>
 * {@code java.util.zip} always compresses with a 15-bit window. When the window negotiated for what this side
 * compresses is smaller, this side accepts it and sends all its messages uncompressed (RFC 7692 §6 allows any
 * message to be sent uncompressed); it still inflates the peer's messages, which a 15-bit inflater can do for any
 * window size.
 *
 * <h2>Memory</h2>
 * Deflaters and inflaters are created on first use. With context takeover a connection keeps its own (zlib: about
 * 262 KiB of native memory for a deflater, about 40 KiB for an inflater once it has inflated a message); without
 * context takeover each message borrows one from small static pools and gives it back at its end, so an idle
 * connection holds none. {@link WsExtension#release()} ends them (idempotent). Inflated output reaches the engine's
 * sink in steps of at most 16 KiB, so the message limit stops a decompression bomb after at most 16 KiB past the
 * limit. See {@code docs/DEFLATE.md} for measurements.
 *
 * <h2>Outgoing</h2>
 * Whole messages shorter than {@link DeflateConfig#minSizeToCompress()} are sent uncompressed ({@code encode}
 * returns -1). Streamed messages are always compressed; each chunk is flushed (SYNC_FLUSH) so the peer can inflate
 * it at once, and the trailing {@code 00 00 ff ff} is removed from the last chunk only (RFC 7692 §7.2.1).
 */
public final class PerMessageDeflateFactory implements WsExtensionFactory {

    /** The extension token. */
    public static final String NAME = DeflateParams.NAME;

    private final DeflateConfig config;
    private final ExtensionParams offer;

    public PerMessageDeflateFactory(DeflateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.offer = DeflateNegotiation.clientOffer(config);
    }

    /** The settings this factory negotiates with. */
    public DeflateConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ExtensionParams> clientOffers() {
        return List.of(offer);
    }

    @Override
    public WsExtension acceptOffer(List<ExtensionParams> offers, Role role) {
        for (ExtensionParams candidate : offers) {
            if (!candidate.name().equalsIgnoreCase(NAME)) {
                continue;
            }
            DeflateParams params;
            try {
                params = DeflateParams.parse(candidate, true);
            } catch (DeflateParams.InvalidException e) {
                continue; // RFC 7692 §5: decline this offer, try the next one
            }
            return new PerMessageDeflate(DeflateNegotiation.acceptOffer(config, params), config);
        }
        return null;
    }

    @Override
    public WsExtension acceptResponse(ExtensionParams response, Role role) {
        return new PerMessageDeflate(DeflateNegotiation.acceptResponse(offer, response), config);
    }
}
