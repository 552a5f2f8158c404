package dev.wscodec.api.spi;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Serving several protocols on one port: a server engine that reads the request head, asks each provider whether
 * it {@link WsCodecProvider#claims claims} it, and hands the connection (the head and every byte after it) to an
 * engine of the first provider that does, or of the first provider when none does. From then on the engine is that
 * provider's engine in all but its class; the chosen engine checks the head as strictly as ever. Bytes that cannot
 * begin an HTTP request line (a TLS ClientHello, binary junk) go to the first provider as soon as that is clear, so
 * they are refused as by the first provider alone, not when a handshake timeout ends the wait for a head. With one
 * provider, use {@link WsCodecProvider#newServerEngine(WsConfig, boolean)} directly.
 *
 * <p>To add a protocol: a provider whose {@code claims} recognises its own request heads, registered for
 * {@link java.util.ServiceLoader}, and listed after the default provider by the server that enables it.
 */
public final class ProviderSelection {

    private ProviderSelection() {
    }

    /**
     * A server engine choosing among {@code providers} (the first is the fallback, normally {@code rfc6455}).
     *
     * @param secure whether the connection runs over TLS (see {@link WsCodecProvider#newServerEngine(WsConfig, boolean)})
     * @throws IllegalArgumentException if {@code providers} is empty
     */
    public static WsEngine serverEngine(List<WsCodecProvider> providers, WsConfig config, boolean secure) {
        Objects.requireNonNull(config, "config");
        List<WsCodecProvider> list = List.copyOf(providers);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("At least one codec provider is needed to serve a connection.");
        }
        if (list.size() == 1) {
            return list.get(0).newServerEngine(config, secure);
        }
        return new SelectingEngine(list, config, secure);
    }

    /**
     * One provider standing for several, for code that takes a single provider: its server engines are
     * {@link #serverEngine selecting engines} over {@code providers}; its name and client engines are those of the
     * first provider; its features are those of all of them.
     *
     * @throws IllegalArgumentException if {@code providers} is empty
     */
    public static WsCodecProvider provider(List<WsCodecProvider> providers) {
        List<WsCodecProvider> list = List.copyOf(providers);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("At least one codec provider is needed to serve a connection.");
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        Set<String> features = new LinkedHashSet<>();
        for (WsCodecProvider p : list) {
            features.addAll(p.features());
        }
        Set<String> all = Set.copyOf(features);
        WsCodecProvider first = list.get(0);
        return new WsCodecProvider() {
            @Override
            public String name() {
                return first.name();
            }

            @Override
            public Set<String> features() {
                return all;
            }

            @Override
            public WsEngine newServerEngine(WsConfig config) {
                return serverEngine(list, config, false);
            }

            @Override
            public WsEngine newServerEngine(WsConfig config, boolean secure) {
                return serverEngine(list, config, secure);
            }

            @Override
            public WsEngine newClientEngine(WsConfig config, ClientHandshake handshake) {
                return first.newClientEngine(config, handshake);
            }

            /** The first provider's frames: its engines send them as they are, the others encode the message. */
            @Override
            public PreparedMessage prepare(Message message, DeflateConfig deflate) {
                return first.prepare(message, deflate);
            }

            @Override
            public boolean claims(HandshakeRequest request) {
                for (WsCodecProvider p : list) {
                    if (p.claims(request)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public String toString() {
                return "ProviderSelection" + list;
            }
        };
    }

    /**
     * The provider for a request head: the first that claims it, else the first. {@code head} holds the head's
     * bytes; a head that cannot be read as one goes to the first provider, whose engine refuses it.
     */
    static WsCodecProvider choose(List<WsCodecProvider> providers, byte[] head, int length) {
        HandshakeRequest request = parseLeniently(head, length);
        if (request != null) {
            for (WsCodecProvider p : providers) {
                if (p.claims(request)) {
                    return p;
                }
            }
        }
        return providers.get(0);
    }

    /** Request line and header fields, or {@code null}: only to ask the providers, so no rule is enforced here. */
    static HandshakeRequest parseLeniently(byte[] head, int length) {
        String[] lines = new String(head, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n");
        if (lines.length == 0) {
            return null;
        }
        String[] start = lines[0].split(" ");
        if (start.length != 3) {
            return null;
        }
        HttpHeaders.Builder headers = HttpHeaders.builder();
        try {
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    return null;
                }
                headers.add(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
            return new HandshakeRequest(start[0], start[1], start[2], headers.build());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
