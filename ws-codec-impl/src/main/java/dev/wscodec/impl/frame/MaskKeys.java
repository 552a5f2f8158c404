package dev.wscodec.impl.frame;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Where a client takes its masking keys from. RFC 6455 §10.3 asks for keys an attacker cannot predict, "derived
 * from a strong source of entropy". The default therefore draws them from {@link SecureRandom}, 64 keys per
 * {@code nextBytes} call into a per-connection buffer, so the cost per frame stays small. A configured
 * {@link RandomGenerator} (e.g. a seeded one in tests) is used as given: one {@code nextInt()} per frame.
 */
public final class MaskKeys {

    private static final SecureRandom SECURE = new SecureRandom();
    private static final int BATCH = 64 * 4;

    private final RandomGenerator random;
    private byte[] batch;
    private int next;

    private MaskKeys(RandomGenerator random) {
        this.random = random;
    }

    /** Keys from {@code random}, or from the secure default when it is {@code null}. */
    public static MaskKeys of(RandomGenerator random) {
        return new MaskKeys(random);
    }

    /** The JVM-wide {@link SecureRandom} behind the default, also fit for handshake keys. */
    public static RandomGenerator secureRandom() {
        return SECURE;
    }

    /** A fresh masking key; its most significant byte goes on the wire first. */
    public int nextKey() {
        if (random != null) {
            return random.nextInt();
        }
        if (batch == null || next == BATCH) {
            if (batch == null) {
                batch = new byte[BATCH];
            }
            SECURE.nextBytes(batch);
            next = 0;
        }
        int k = (batch[next] & 0xFF) << 24 | (batch[next + 1] & 0xFF) << 16 | (batch[next + 2] & 0xFF) << 8
                | (batch[next + 3] & 0xFF);
        next += 4;
        return k;
    }
}
