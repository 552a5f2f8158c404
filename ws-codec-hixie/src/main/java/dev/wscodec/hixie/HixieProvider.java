package dev.wscodec.hixie;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.spi.WsCodecProvider;
import java.util.Objects;
import java.util.Set;

/**
 * The legacy protocol of draft-hixie-76 and draft-hixie-75, registered for {@link java.util.ServiceLoader} as
 * {@value #NAME}. Never the default ({@link WsCodecProvider#lookup()} stays {@code rfc6455}): a server enables it
 * next to RFC 6455 and hands it the requests it {@link #claims claims}. No browser speaks this protocol any more;
 * it has no binary messages, no close codes, no masking and a weak framing. Server engines answer both drafts;
 * client engines speak draft-hixie-76.
 */
public final class HixieProvider implements WsCodecProvider {

    /** The provider name. */
    public static final String NAME = "hixie-76";
    /** Feature: the handshake and framing of draft-hixie-76 (with the key challenge). */
    public static final String FEATURE_HIXIE_76 = "hixie-76";
    /** Feature: the handshake and framing of draft-hixie-75 (no key challenge), server side. */
    public static final String FEATURE_HIXIE_75 = "hixie-75";

    private static final Set<String> FEATURES = Set.of(FEATURE_HIXIE_76, FEATURE_HIXIE_75, FEATURE_STREAMING);

    /** Called by {@link java.util.ServiceLoader}. */
    public HixieProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> features() {
        return FEATURES;
    }

    /**
     * An upgrade request ({@code Upgrade: WebSocket}) without the {@code Sec-WebSocket-Version} and
     * {@code Sec-WebSocket-Key} of RFC 6455: draft-hixie-76 (with {@code Sec-WebSocket-Key1/2}) or draft-hixie-75
     * (no keys).
     */
    @Override
    public boolean claims(HandshakeRequest request) {
        return request.isUpgrade() && !request.headers().contains("Sec-WebSocket-Version")
                && !request.headers().contains("Sec-WebSocket-Key");
    }

    @Override
    public WsEngine newServerEngine(WsConfig config) {
        return newServerEngine(config, false);
    }

    /** {@code secure} makes the location of the answer {@code wss://} instead of {@code ws://}. */
    @Override
    public WsEngine newServerEngine(WsConfig config, boolean secure) {
        return HixieEngine.server(Objects.requireNonNull(config, "config"), secure);
    }

    /**
     * A draft-hixie-76 client: it offers at most one subprotocol, and includes an {@code Origin} only when given in
     * the handshake's headers.
     *
     * @throws IllegalArgumentException for more than one subprotocol, or a header the handshake writes itself
     */
    @Override
    public WsEngine newClientEngine(WsConfig config, ClientHandshake handshake) {
        return HixieEngine.client(Objects.requireNonNull(config, "config"), Objects.requireNonNull(handshake, "handshake"));
    }

    @Override
    public String toString() {
        return "HixieProvider[" + NAME + "]";
    }
}
