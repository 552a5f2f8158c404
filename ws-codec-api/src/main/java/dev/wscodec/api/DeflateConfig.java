package dev.wscodec.api;

/**
 * Settings of the permessage-deflate extension (RFC 7692). Present in {@link WsConfig#deflate()} means enabled: a
 * server accepts offers, a client makes one. Start from {@link #DEFAULT} and change single settings with the
 * {@code with*} methods, e.g. {@code DeflateConfig.DEFAULT.withServerNoContextTakeover(true)}.
 *
 * <p>{@code java.util.zip} always compresses with a 15-bit window. When the negotiated window for what this side
 * compresses is smaller (a window setting below 15 here, or a peer that asks for one), this side accepts and sends
 * its messages uncompressed, which RFC 7692 allows; it still decompresses everything the peer sends.
 *
 * @param level                   the {@link java.util.zip.Deflater} level, 0-9, or -1 for zlib's default (6).
 *                                Default {@link #DEFAULT_LEVEL}.
 * @param minSizeToCompress       whole messages shorter than this many bytes are sent uncompressed (streamed
 *                                messages are always compressed). Default {@link #DEFAULT_MIN_SIZE_TO_COMPRESS}.
 * @param serverNoContextTakeover server: use a fresh compression context per message even if the client did not
 *                                ask; client: ask the server for that (RFC 7692 §7.1.1.1). Default {@code false}.
 * @param clientNoContextTakeover server: ask the client for a fresh context per message, so that no inflater is
 *                                kept per idle connection; client: offer it (RFC 7692 §7.1.1.2). Default
 *                                {@code false}.
 * @param serverMaxWindowBits     the LZ77 window the server compresses with (8-15): a client asks for it, a server
 *                                announces it (RFC 7692 §7.1.2.1). Below 15 the server sends uncompressed. Default 15.
 * @param clientMaxWindowBits     the window the client compresses with (8-15): a client offers it, a server asks
 *                                for it when the client allows (RFC 7692 §7.1.2.2). Below 15 the client sends
 *                                uncompressed. Default 15.
 */
public record DeflateConfig(int level, int minSizeToCompress, boolean serverNoContextTakeover,
                            boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The default compression level: 6, zlib's balance of speed and size. */
    public static final int DEFAULT_LEVEL = 6;
    /** Messages below 64 bytes are sent uncompressed by default: they rarely shrink. */
    public static final int DEFAULT_MIN_SIZE_TO_COMPRESS = 64;
    /** The largest window (32 KiB), and the default. */
    public static final int MAX_WINDOW_BITS = 15;
    /** The smallest window RFC 7692 allows (256 bytes). */
    public static final int MIN_WINDOW_BITS = 8;

    /** Level 6, messages from 64 bytes compressed, context takeover both ways, 15-bit windows. */
    public static final DeflateConfig DEFAULT = new DeflateConfig(DEFAULT_LEVEL, DEFAULT_MIN_SIZE_TO_COMPRESS,
            false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS);

    public DeflateConfig {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("The deflate level must be -1 or 0-9 but was " + level + ".");
        }
        if (minSizeToCompress < 0) {
            throw new IllegalArgumentException("The compression threshold must not be negative.");
        }
        checkBits("serverMaxWindowBits", serverMaxWindowBits);
        checkBits("clientMaxWindowBits", clientMaxWindowBits);
    }

    /** This configuration with another compression level. */
    public DeflateConfig withLevel(int level) {
        return new DeflateConfig(level, minSizeToCompress, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits);
    }

    /** This configuration with another size threshold. */
    public DeflateConfig withMinSizeToCompress(int bytes) {
        return new DeflateConfig(level, bytes, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits);
    }

    /** This configuration with another server context-takeover preference. */
    public DeflateConfig withServerNoContextTakeover(boolean noContextTakeover) {
        return new DeflateConfig(level, minSizeToCompress, noContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits);
    }

    /** This configuration with another client context-takeover preference. */
    public DeflateConfig withClientNoContextTakeover(boolean noContextTakeover) {
        return new DeflateConfig(level, minSizeToCompress, serverNoContextTakeover, noContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits);
    }

    /** This configuration with another server window (8-15). */
    public DeflateConfig withServerMaxWindowBits(int bits) {
        return new DeflateConfig(level, minSizeToCompress, serverNoContextTakeover, clientNoContextTakeover,
                bits, clientMaxWindowBits);
    }

    /** This configuration with another client window (8-15). */
    public DeflateConfig withClientMaxWindowBits(int bits) {
        return new DeflateConfig(level, minSizeToCompress, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, bits);
    }

    private static void checkBits(String what, int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException(what + " must be 8-15 (RFC 7692 section 7.1.2) but was " + bits + ".");
        }
    }
}
