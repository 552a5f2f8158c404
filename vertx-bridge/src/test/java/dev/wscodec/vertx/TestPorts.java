package dev.wscodec.vertx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * Free ports on 127.0.0.1 for tests that must know a server's port before it binds (several verticle instances or
 * cluster nodes sharing one, a peer started as a process). They come from 20000-32767, below the kernel's ephemeral
 * range (32768-60999 by default on Linux): a port that {@code new ServerSocket(0)} found free is in that range, and
 * before the server binds it, it can become the local port of an outgoing connection (another node's Hazelcast
 * connection, a client of another test): the server then fails with "Address already in use" (seen once in CI).
 *
 * <p>Shared with the examples' and the conformance tests through this module's test jar.
 */
public final class TestPorts {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_767;

    private TestPorts() {
    }

    /** One free port. */
    public static int free() {
        return free(1)[0];
    }

    /** {@code n} different free ports, found all at once so that no two are the same. */
    public static int[] free(int n) {
        Random random = new Random();
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int tries = 0; chosen.size() < n; tries++) {
            if (tries > 10_000) {
                throw new IllegalStateException("No " + n + " free ports found between " + LOW + " and " + HIGH + ".");
            }
            int port = LOW + random.nextInt(HIGH - LOW + 1);
            if (chosen.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                chosen.add(port);
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
