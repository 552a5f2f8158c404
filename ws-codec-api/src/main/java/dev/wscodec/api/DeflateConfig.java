package dev.wscodec.api;

/**
 * Settings of the permessage-deflate extension (RFC 7692). Present in {@link WsConfig#deflate()} means enabled: a
 * server accepts offers, a client makes one.
 *
 * @param level                   the {@link java.util.zip.Deflater} level, 0-9 (or -1 for zlib's default)
 * @param minSizeToCompress       messages shorter than this many bytes are sent uncompressed
 * @param serverNoContextTakeover server: use a fresh compression context per message even if the client did not
 *                                ask; client: ask the server for that
 * @param clientNoContextTakeover server: ask the client for a fresh context per message; client: offer it
 * @param serverMaxWindowBits     the LZ77 window the server compresses with (8-15); a client asks for it
 * @param clientMaxWindowBits     the window the client compresses with (8-15)
 */
public record DeflateConfig(int level, int minSizeToCompress, boolean serverNoContextTakeover,
                            boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {

    public static final int DEFAULT_LEVEL = 6;
    public static final int DEFAULT_MIN_SIZE_TO_COMPRESS = 64;
    public static final int MAX_WINDOW_BITS = 15;
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

    private static void checkBits(String what, int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException(what + " must be 8-15 (RFC 7692 section 7.1.2) but was " + bits + ".");
        }
    }
}
