package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two {@code ticker --cluster} processes (separate JVMs) on 127.0.0.1 in one cluster: a topic subscribed on both nodes
 * is fed by one node only, its ticks reach the subscribers of both, a client's {@code publish} reaches the other
 * node's subscribers, and when the feeding node is killed the other takes the topic over and the ticks go on.
 */
class TickerClusterIT {

    private static final Pattern TICK = Pattern.compile("tick alpha (\\d+) \\d+\\.\\d\\d from (node-[AB])");

    private static Matcher tick(JdkClient c) throws InterruptedException {
        Matcher m = TICK.matcher(c.nextStartingWith("tick alpha "));
        assertTrue(m.matches(), m.toString());
        return m;
    }

    @Test
    void topicsAreSharedAcrossNodesAndTheFeedMovesWhenItsNodeDies() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(2, "ticker", "--interval", "100")) {
            cluster.startAll();
            try (JdkClient x = JdkClient.connect("ws://127.0.0.1:" + cluster.wsPort(0) + "/");
                 JdkClient y = JdkClient.connect("ws://127.0.0.1:" + cluster.wsPort(1) + "/")) {
                x.sendText("subscribe alpha");
                assertEquals("subscribed alpha", x.nextText());
                assertEquals("node-A", tick(x).group(2), "the first node with a subscriber feeds the topic");

                y.sendText("subscribe alpha");
                assertEquals("subscribed alpha", y.nextStartingWith("subscribed"));
                long last = -1;
                List<Long> seen = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Matcher m = tick(y);
                    assertEquals("node-A", m.group(2), "one feed for the whole cluster: node B does not start its own");
                    long seq = Long.parseLong(m.group(1));
                    assertTrue(seq > last, "ticks in order, each once: " + seq + " after " + last);
                    last = seq;
                    seen.add(seq);
                }
                // x, on the feeding node, got the very same ticks
                long lastSeen = seen.get(seen.size() - 1);
                List<Long> atX = new ArrayList<>();
                for (long seq = -1; seq < lastSeen; ) {
                    seq = Long.parseLong(tick(x).group(1));
                    atX.add(seq);
                }
                assertTrue(atX.containsAll(seen), "x saw " + atX + ", y saw " + seen);

                y.sendText("publish alpha hello from B");
                assertEquals("message alpha node-B: hello from B", x.nextStartingWith("message alpha"));
                y.nextStartingWith("published alpha");

                // the feeding node dies: B takes the topic over once A's lease expired, and the ticks go on
                cluster.kill(0);
                Matcher m;
                do {
                    m = tick(y);
                } while (!m.group(2).equals("node-B"));
                assertTrue(Long.parseLong(m.group(1)) > last, "the sequence goes on where it was");
                Matcher next = tick(y);
                assertEquals("node-B", next.group(2));
                assertTrue(Long.parseLong(next.group(1)) > Long.parseLong(m.group(1)));
            }
        }
    }
}
