package dev.wscodec.api.spi;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import java.util.Set;

/** A provider registered only for this module's tests, so that lookup has something to find and list. */
public final class FakeProvider implements WsCodecProvider {

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Set<String> features() {
        return Set.of("fake");
    }

    @Override
    public WsEngine newServerEngine(WsConfig config) {
        throw new UnsupportedOperationException("The fake provider makes no engines.");
    }

    @Override
    public WsEngine newClientEngine(WsConfig config, ClientHandshake handshake) {
        throw new UnsupportedOperationException("The fake provider makes no engines.");
    }
}
