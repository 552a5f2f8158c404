package dev.wscodec.api;

import dev.wscodec.api.spi.WsExtensionFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Immutable engine configuration. Every limit has a safe default, documented on its {@code DEFAULT_*} constant.
 * Build with {@link #builder()}; {@link #DEFAULT} is the configuration of a builder left as it is.
 */
public final class WsConfig {

    /** Largest HTTP head (request or response line plus headers) accepted: 8 KiB. Larger -> 431. */
    public static final int DEFAULT_MAX_HANDSHAKE_SIZE = 8 * 1024;
    /** Largest payload of one frame: 1 MiB. Larger -> close 1009, checked from the frame header. */
    public static final long DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;
    /** Largest message, all fragments together and after decompression: 1 MiB. Larger -> close 1009. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;
    /** Outgoing messages are not fragmented by default (0). */
    public static final int DEFAULT_FRAGMENT_SIZE = 0;
    /** Pings are answered with a pong by the engine by default. */
    public static final boolean DEFAULT_AUTO_PONG = true;
    /** Messages are delivered whole by default, not as {@link MessageChunk}s. */
    public static final boolean DEFAULT_STREAMING = false;
    /** A client engine decodes the frames behind the server's 101 in the same receive call by default. */
    public static final boolean DEFAULT_HOLD_AFTER_HANDSHAKE = false;

    public static final WsConfig DEFAULT = builder().build();

    private final int maxHandshakeSize;
    private final long maxFrameSize;
    private final long maxMessageSize;
    private final int fragmentSize;
    private final boolean autoPong;
    private final boolean streaming;
    private final boolean holdAfterHandshake;
    private final List<String> subprotocols;
    private final Set<String> allowedOrigins;
    private final DeflateConfig deflate;
    private final List<WsExtensionFactory> extensions;
    private final RandomGenerator random;

    private WsConfig(Builder b) {
        this.maxHandshakeSize = b.maxHandshakeSize;
        this.maxFrameSize = b.maxFrameSize;
        this.maxMessageSize = b.maxMessageSize;
        this.fragmentSize = b.fragmentSize;
        this.autoPong = b.autoPong;
        this.streaming = b.streaming;
        this.holdAfterHandshake = b.holdAfterHandshake;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.allowedOrigins = Set.copyOf(b.allowedOrigins);
        this.deflate = b.deflate;
        this.extensions = List.copyOf(b.extensions);
        this.random = b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxHandshakeSize = maxHandshakeSize;
        b.maxFrameSize = maxFrameSize;
        b.maxMessageSize = maxMessageSize;
        b.fragmentSize = fragmentSize;
        b.autoPong = autoPong;
        b.streaming = streaming;
        b.holdAfterHandshake = holdAfterHandshake;
        b.subprotocols.addAll(subprotocols);
        b.allowedOrigins.addAll(allowedOrigins);
        b.deflate = deflate;
        b.extensions.addAll(extensions);
        b.random = random;
        return b;
    }

    /** Largest HTTP head in bytes; see {@link #DEFAULT_MAX_HANDSHAKE_SIZE}. */
    public int maxHandshakeSize() {
        return maxHandshakeSize;
    }

    /** Largest frame payload in bytes; see {@link #DEFAULT_MAX_FRAME_SIZE}. */
    public long maxFrameSize() {
        return maxFrameSize;
    }

    /** Largest message in bytes, after any extension; see {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** Largest payload per outgoing frame; 0 sends each message as one frame. */
    public int fragmentSize() {
        return fragmentSize;
    }

    /** Whether the engine answers pings itself (the ping is still reported as an event). */
    public boolean autoPong() {
        return autoPong;
    }

    /** Whether received messages are delivered as {@link MessageChunk}s instead of whole {@link Message}s. */
    public boolean streaming() {
        return streaming;
    }

    /**
     * Client: whether the receive call that completes the opening handshake stops at the end of the server's 101
     * response. The bytes behind it (frames the server sent at once) are then kept by the engine and decoded at the
     * start of the next receive call (an empty buffer will do), as a server engine keeps the bytes that arrive while
     * its application decides: the application can get ready for the first frames before any is decoded. See
     * {@link #DEFAULT_HOLD_AFTER_HANDSHAKE}; a server engine ignores it.
     */
    public boolean holdAfterHandshake() {
        return holdAfterHandshake;
    }

    /** Server: the subprotocols supported, most preferred first. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Server: the Origin values accepted (exact, case-insensitive match); empty accepts any origin. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** permessage-deflate settings, or {@code null} when compression is off (the default). */
    public DeflateConfig deflate() {
        return deflate;
    }

    /** Further extensions, negotiated after permessage-deflate, in this order. */
    public List<WsExtensionFactory> extensions() {
        return extensions;
    }

    /** The source of masking keys and handshake keys, or {@code null} for the engine's secure default. */
    public RandomGenerator random() {
        return random;
    }

    /** Builds {@link WsConfig}; each setter checks its argument. */
    public static final class Builder {
        private int maxHandshakeSize = DEFAULT_MAX_HANDSHAKE_SIZE;
        private long maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int fragmentSize = DEFAULT_FRAGMENT_SIZE;
        private boolean autoPong = DEFAULT_AUTO_PONG;
        private boolean streaming = DEFAULT_STREAMING;
        private boolean holdAfterHandshake = DEFAULT_HOLD_AFTER_HANDSHAKE;
        private final List<String> subprotocols = new ArrayList<>();
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private DeflateConfig deflate;
        private final List<WsExtensionFactory> extensions = new ArrayList<>();
        private RandomGenerator random;

        private Builder() {
        }

        public Builder maxHandshakeSize(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxHandshakeSize must be at least 256 bytes but was " + bytes + ".");
            }
            this.maxHandshakeSize = bytes;
            return this;
        }

        public Builder maxFrameSize(long bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("maxFrameSize must be at least 125 bytes but was " + bytes + ".");
            }
            this.maxFrameSize = bytes;
            return this;
        }

        /** In whole-message mode a message must fit in one array, so at most {@code Integer.MAX_VALUE - 8}. */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("maxMessageSize must be at least 125 bytes but was " + bytes + ".");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder fragmentSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("fragmentSize must not be negative but was " + bytes + ".");
            }
            this.fragmentSize = bytes;
            return this;
        }

        public Builder autoPong(boolean autoPong) {
            this.autoPong = autoPong;
            return this;
        }

        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** See {@link WsConfig#holdAfterHandshake()}. */
        public Builder holdAfterHandshake(boolean hold) {
            this.holdAfterHandshake = hold;
            return this;
        }

        public Builder subprotocols(String... protocols) {
            return subprotocols(List.of(protocols));
        }

        public Builder subprotocols(List<String> protocols) {
            subprotocols.clear();
            for (String p : protocols) {
                if (p.isEmpty() || !p.chars().allMatch(c -> HttpHeaders.isTokenChar((char) c))) {
                    throw new IllegalArgumentException("The subprotocol '" + p + "' is not a valid token.");
                }
                subprotocols.add(p);
            }
            return this;
        }

        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(List.of(origins));
        }

        public Builder allowedOrigins(List<String> origins) {
            allowedOrigins.clear();
            for (String o : origins) {
                allowedOrigins.add(Objects.requireNonNull(o, "origin"));
            }
            return this;
        }

        /** Enables permessage-deflate with these settings; {@code null} disables it. */
        public Builder deflate(DeflateConfig deflate) {
            this.deflate = deflate;
            return this;
        }

        public Builder extensions(List<WsExtensionFactory> factories) {
            extensions.clear();
            extensions.addAll(factories);
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public WsConfig build() {
            if (!streaming && maxMessageSize > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "maxMessageSize must fit in an array when messages are delivered whole; enable streaming for larger messages.");
            }
            return new WsConfig(this);
        }
    }
}
