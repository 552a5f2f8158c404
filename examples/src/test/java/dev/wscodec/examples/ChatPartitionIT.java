package dev.wscodec.examples;

import static dev.wscodec.examples.ChatClusterIT.assertAllInOrder;
import static dev.wscodec.examples.ChatClusterIT.load;
import static dev.wscodec.examples.ChatClusterIT.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A partition-like fault on one machine, without network namespaces: node C of three {@code chat --cluster} processes
 * is frozen with SIGSTOP for longer than Hazelcast's heartbeat timeout (5 s), so A and B take it for dead and go on
 * as a cluster of two, then continued with SIGCONT, so C finds itself outside that cluster, forms a cluster of one
 * and Hazelcast's split-brain handler merges it back. With JDK WebSocket clients on every node it checks that
 * <ul>
 *   <li>while C is frozen, the clients on A and B exchange every message, in per-sender order;</li>
 *   <li>C's client is not dropped (the freeze is shorter than the server's 30 s keep-alive ping, and the JDK client
 *       sends none): it stays connected, gets nothing while C is frozen, and afterwards whatever of the frozen time's
 *       messages it gets comes in per-sender order, each once;</li>
 *   <li>after SIGCONT, C prints that it is alone ({@code 1 member}), then that it is one of {@code 3 members} again,
 *       as A and B do; and C's old client and a new client on C hear A's and B's clients, and they hear C's, every
 *       message in order.</li>
 * </ul>
 * What SIGSTOP is not: a cut between machines. The kernel of the frozen node keeps its sockets open and acknowledges
 * what is sent to it, so nothing times out at the TCP level and bytes sent to C during the freeze wait in its buffers.
 */
class ChatPartitionIT {

    /** From SIGCONT until node C says it is one of three members again; the merge check runs every 10 s. */
    private static final int HEAL_SECONDS = 45;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aFrozenNodeIsLeftOutWithoutLossBetweenTheOthersAndMergesBackWhenContinued() throws Exception {
        List<ChatPeer> peers = new ArrayList<>();
        try (ClusterNodes cluster = new ClusterNodes(3, "chat", "--instances", "1")) {
            cluster.startAll();
            ChatPeer pa = ChatPeer.join("pa", cluster.wsPort(0));
            ChatPeer pb = ChatPeer.join("pb", cluster.wsPort(1));
            ChatPeer pc = ChatPeer.join("pc", cluster.wsPort(2));
            peers.addAll(List.of(pa, pb, pc));
            sync(peers);

            // C stops; A and B exchange 40 messages/s each while they notice (5 s without heartbeats), and after
            long frozenAt = System.nanoTime();
            cluster.freeze(2);
            int during = 200;
            load(List.of(pa, pb), "f ", during, 40, null);
            cluster.awaitMembers(0, 2);
            cluster.awaitMembers(1, 2);
            long declaredDead = System.nanoTime();
            int after = 40;
            load(List.of(pa, pb), "g ", after, 40, null);
            assertAllInOrder(pa, pb, "f ", during);
            assertAllInOrder(pb, pa, "f ", during);
            assertAllInOrder(pa, pb, "g ", after);
            assertAllInOrder(pb, pa, "g ", after);
            assertTrue(cluster.node(2).process().isAlive(), "Node C should be alive, only stopped.");
            assertEquals(List.of(), pc.from("pa", "f "), "A stopped node cannot have written to its client.");
            assertEquals(List.of(), pc.from("pb", "g "), "A stopped node cannot have written to its client.");
            System.out.printf("Node C frozen for %.1f s; A and B both said 2 members %.1f s after SIGSTOP.%n",
                    seconds(System.nanoTime() - frozenAt), seconds(declaredDead - frozenAt));

            // C runs on: it finds A and B gone (explicit suspicion), is a cluster of one, and is merged back
            long thawedAt = System.nanoTime();
            cluster.thaw(2);
            cluster.node(2).awaitLine("[; ]1 member[.:]", HEAL_SECONDS);
            cluster.node(2).awaitLine("[; ]3 members", HEAL_SECONDS);
            cluster.awaitMembers(0, 3);
            cluster.awaitMembers(1, 3);
            long merged = System.nanoTime();

            // C's client was never dropped; a new one joins on C too, and everyone hears everyone again
            assertFalse(pc.isClosed(), "The frozen node's client should still be connected: "
                    + pc.texts().subList(Math.max(0, pc.texts().size() - 5), pc.texts().size()));
            ChatPeer pc2 = ChatPeer.join("pc2", cluster.wsPort(2));
            peers.add(pc2);
            List<ChatPeer> healed = List.of(pa, pb, pc, pc2);
            sync(healed, 30);
            long synced = System.nanoTime();
            int healedCount = 60;
            load(healed, "h ", healedCount, 30, null);
            for (ChatPeer to : healed) {
                for (ChatPeer from : healed) {
                    assertAllInOrder(to, from, "h ", healedCount);
                }
            }
            System.out.printf("After SIGCONT: merged in %.1f s, all four clients hear each other %.1f s later.%n",
                    seconds(merged - thawedAt), seconds(synced - merged));

            // what C's client got of the frozen time's messages arrived late (from C's socket buffers): in order, once
            for (ChatPeer from : List.of(pa, pb)) {
                for (String prefix : List.of("f ", "g ")) {
                    List<String> got = pc.from(from.name(), prefix);
                    assertInOrderOnce(got, prefix, from.name());
                    System.out.printf("pc got %d of %s's '%sN' after SIGCONT.%n", got.size(), from.name(), prefix);
                }
            }
        } finally {
            peers.forEach(ChatPeer::close);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** {@code got} is {@code PREFIX i} lines with strictly increasing {@code i}: some may be missing, none repeated. */
    private static void assertInOrderOnce(List<String> got, String prefix, String sender) {
        int last = 0;
        for (String s : got) {
            int i = Integer.parseInt(s.substring(prefix.length()));
            assertTrue(i > last, "pc got " + sender + "'s '" + s + "' after '" + prefix + last + "': " + got);
            last = i;
        }
        assertEquals(got.size(), new HashSet<>(got).size(), "pc got one of " + sender + "'s messages twice: " + got);
    }
}
