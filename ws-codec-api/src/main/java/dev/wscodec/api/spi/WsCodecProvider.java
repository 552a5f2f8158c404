package dev.wscodec.api.spi;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A WebSocket codec implementation, found through {@link ServiceLoader}. Implementations have a public no-argument
 * constructor and are registered both in {@code module-info} ({@code provides}) and in
 * {@code META-INF/services/dev.wscodec.api.spi.WsCodecProvider}.
 */
public interface WsCodecProvider {

    /** The name of the RFC 6455 provider shipped in ws-codec-impl. */
    String DEFAULT_NAME = "rfc6455";

    /** Feature: RFC 6455 framing and handshake. */
    String FEATURE_RFC6455 = "rfc6455";
    /** Feature: the permessage-deflate extension (RFC 7692). */
    String FEATURE_PERMESSAGE_DEFLATE = "permessage-deflate";
    /** Feature: streamed delivery of messages as chunks. */
    String FEATURE_STREAMING = "streaming";
    /** Feature: {@link #prepare} encodes frames once, and this provider's engines send them as they are. */
    String FEATURE_PREPARED_MESSAGES = "prepared-messages";

    /** A unique, stable name, e.g. {@code rfc6455}. */
    String name();

    /** What this provider supports: {@code FEATURE_*} names and any of its own. */
    Set<String> features();

    /** A new engine for the server side of one connection. */
    WsEngine newServerEngine(WsConfig config);

    /** A new engine for the client side of one connection. */
    WsEngine newClientEngine(WsConfig config, ClientHandshake handshake);

    /**
     * Encodes {@code message} once into the frames a server sends, for writing the same bytes to many connections
     * of this provider's engines with {@link WsEngine#send(PreparedMessage, java.util.function.Consumer)}: the
     * plain frame, and with {@code deflate} not {@code null} also the permessage-deflate frame compressed with a
     * fresh context at {@link DeflateConfig#level()} (when the message has at least
     * {@link DeflateConfig#minSizeToCompress()} bytes). Thread-safe.
     *
     * <p>The default implementation encodes nothing: the prepared message carries the message only, and engines
     * encode it per connection.
     */
    default PreparedMessage prepare(Message message, DeflateConfig deflate) {
        return PreparedMessage.of(name(), message, null, null);
    }

    /**
     * A new engine for the server side of one connection, told whether the connection runs over TLS: a protocol
     * whose handshake names the URL scheme (draft-hixie-76 answers with {@code wss://...}) needs to know. The default
     * ignores {@code secure} and calls {@link #newServerEngine(WsConfig)}.
     */
    default WsEngine newServerEngine(WsConfig config, boolean secure) {
        return newServerEngine(config);
    }

    /**
     * Server: whether this provider speaks the protocol that this request head asks for, judged from the head
     * alone (its headers, before any check). A server that enables several providers hands each connection to the
     * first of them that claims its head, and to its first provider when none does (see
     * {@link ProviderSelection}). {@code rfc6455} claims requests with {@code Sec-WebSocket-Version} or
     * {@code Sec-WebSocket-Key}; the default claims nothing.
     */
    default boolean claims(HandshakeRequest request) {
        return false;
    }

    /** The provider named {@link #DEFAULT_NAME}. */
    static WsCodecProvider lookup() {
        return lookup(DEFAULT_NAME);
    }

    /**
     * The provider with this name, found with {@link ServiceLoader} (module path, then the thread's context class
     * loader).
     *
     * @throws IllegalStateException naming the providers that were found when none has this name
     */
    static WsCodecProvider lookup(String name) {
        List<String> found = new ArrayList<>();
        for (ServiceLoader<WsCodecProvider> loader : loaders()) {
            for (ServiceLoader.Provider<WsCodecProvider> p : (Iterable<ServiceLoader.Provider<WsCodecProvider>>)
                    loader.stream()::iterator) {
                WsCodecProvider provider;
                try {
                    provider = p.get();
                } catch (ServiceConfigurationError e) {
                    found.add(p.type().getName() + " (failed to load: " + e.getMessage() + ")");
                    continue;
                }
                if (provider.name().equals(name)) {
                    return provider;
                }
                found.add(provider.name() + " (" + provider.getClass().getName() + ")");
            }
        }
        throw new IllegalStateException("No WebSocket codec provider named '" + name + "' was found; "
                + (found.isEmpty() ? "no provider is registered at all (is ws-codec-impl on the class or module path?)."
                : "found: " + String.join(", ", found) + "."));
    }

    private static List<ServiceLoader<WsCodecProvider>> loaders() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = WsCodecProvider.class.getClassLoader();
        List<ServiceLoader<WsCodecProvider>> list = new ArrayList<>(2);
        list.add(ServiceLoader.load(WsCodecProvider.class, own));
        if (context != null && context != own) {
            list.add(ServiceLoader.load(WsCodecProvider.class, context));
        }
        return list;
    }
}
