package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three {@code chat --cluster} processes (separate JVMs) on 127.0.0.1 joined into one Hazelcast cluster, with JDK
 * WebSocket clients on each node: every client sees every other's messages in per-sender order under a steady load;
 * a node killed with SIGKILL loses no message between the two others, its clients reconnect to a live node, and the
 * node restarted on the same ports rejoins. The tests share the cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatClusterIT {

    private ClusterNodes cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new ClusterNodes(3, "chat", "--instances", "2");
        cluster.startAll();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Until every peer has seen a message from every peer: a node learns of consumers on the other nodes a moment
     * after they register, through Hazelcast. Each round every peer says {@code sync ROUND}.
     */
    static void sync(List<ChatPeer> peers) throws Exception {
        sync(peers, 60);
    }

    /** {@link #sync(List)} that fails after {@code seconds}. */
    static void sync(List<ChatPeer> peers, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int round = 1; ; round++) {
            for (ChatPeer p : peers) {
                p.send("sync " + round);
            }
            Thread.sleep(300);
            boolean all = peers.stream().allMatch(to -> peers.stream().allMatch(f -> !to.from(f.name(), "sync ").isEmpty()));
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The peers did not all hear each other within " + seconds + " s: "
                        + peers.stream().map(to -> to.name() + " heard " + peers.stream()
                                .filter(f -> !to.from(f.name(), "sync ").isEmpty()).map(ChatPeer::name).toList())
                                .toList() + ".");
            }
        }
    }

    /** {@code count} messages {@code PREFIX i} from each sender, {@code perSecond} per sender, all sent in one thread. */
    static void load(List<ChatPeer> senders, String prefix, int count, int perSecond, Runnable atOneSecond)
            throws Exception {
        long start = System.nanoTime();
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (int i = 1; i <= count; i++) {
            for (ChatPeer p : senders) {
                p.send(prefix + i);
            }
            if (i == perSecond && atOneSecond != null) {
                atOneSecond.run();
            }
            long sleep = start + i * period - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
    }

    static List<String> numbered(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    /** Waits until {@code to} has all of {@code from}'s numbered messages, then checks they came in order, once each. */
    static void assertAllInOrder(ChatPeer to, ChatPeer from, String prefix, int count) throws Exception {
        try {
            to.await(() -> to.from(from.name(), prefix).size() >= count, 30,
                    count + " messages '" + prefix + "N' from " + from.name());
        } catch (AssertionError e) {
            List<String> got = to.from(from.name(), prefix);
            List<String> missing = new ArrayList<>(numbered(prefix, count));
            missing.removeAll(got);
            throw new AssertionError(e.getMessage() + "; " + got.size() + " arrived, missing: " + missing, e);
        }
        assertEquals(numbered(prefix, count), to.from(from.name(), prefix),
                to.name() + " got " + from.name() + "'s messages out of order, twice, or some are missing");
    }

    @Test
    @Order(1)
    void everyClientSeesEveryOtherClientsMessagesInOrderAcrossNodes() throws Exception {
        List<ChatPeer> peers = new ArrayList<>();
        try {
            for (int node = 0; node < 3; node++) {
                for (int k = 1; k <= 2; k++) {
                    peers.add(ChatPeer.join("p" + node + k, cluster.wsPort(node)));
                }
            }
            sync(peers);
            // the join notice names the node the member is connected to
            ChatPeer first = peers.get(0);
            first.await(() -> first.texts().contains("* p22 joined the room on node " + ClusterNodes.nodeName(2)), 10,
                    "p22's join notice naming node-C");

            // 6 senders x 50 messages a second = 300 a second into the room, each delivered to 6 clients on 3 nodes
            int count = 150;
            load(peers, "m ", count, 50, null);
            for (ChatPeer to : peers) {
                for (ChatPeer from : peers) {
                    assertAllInOrder(to, from, "m ", count);
                }
            }
        } finally {
            peers.forEach(ChatPeer::close);
        }
    }

    @Test
    @Order(2)
    void aKilledNodeLosesNothingBetweenTheOthersItsClientsReconnectAndItRejoins() throws Exception {
        int a = cluster.wsPort(0);
        int c = cluster.wsPort(2);
        List<ChatPeer> peers = new ArrayList<>();
        String cliName = "cli";
        try (JarProcess cli = JarProcess.start("client", "--reconnect", "--reconnect-attempts", "5",
                "ws://127.0.0.1:" + c + "/chat?name=" + cliName, "ws://127.0.0.1:" + a + "/chat?name=" + cliName)) {
            ChatPeer pa = ChatPeer.join("ka", a);
            ChatPeer pb = ChatPeer.join("kb", cluster.wsPort(1));
            ChatPeer pc = ChatPeer.join("kc", c);
            peers.addAll(List.of(pa, pb, pc));
            cli.awaitLine("Connected to ws://127.0.0.1:" + c + "/", 30);
            sync(peers);
            cli.awaitLine("< \\d\\d:\\d\\d:\\d\\d ka: sync ", 30);

            // a steady load between the nodes A and B; node C dies a second into it
            int count = 200;
            load(List.of(pa, pb), "k ", count, 40, () -> {
                try {
                    cluster.kill(2);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertAllInOrder(pa, pb, "k ", count);
            assertAllInOrder(pb, pa, "k ", count);
            pc.await(pc::isClosed, 10, "the end of its connection");
            cluster.awaitMembers(0, 2);
            cluster.awaitMembers(1, 2);

            // the clients of the dead node reconnect to a live one and get what is published after that
            ChatPeer pc2 = ChatPeer.join("kc", a);
            peers.add(pc2);
            cli.awaitLine("Connected to ws://127.0.0.1:" + a + "/", 30);
            sync(List.of(pa, pb, pc2));
            pb.send("after the kill");
            pc2.await(() -> pc2.from("kb", "after the kill").size() == 1, 10, "kb's message after the kill");
            cli.awaitLine("< \\d\\d:\\d\\d:\\d\\d kb: after the kill", 30);

            // the node restarts on the same ports, rejoins, and its clients hear everyone again
            cluster.start(2);
            cluster.awaitServingWith(2, 3);
            cluster.awaitMembers(0, 3);
            ChatPeer pc3 = ChatPeer.join("kc3", c);
            peers.add(pc3);
            sync(List.of(pa, pb, pc2, pc3));
            pa.send("after the restart");
            pc3.await(() -> pc3.from("ka", "after the restart").size() == 1, 10, "ka's message after the restart");
            cli.awaitLine("< \\d\\d:\\d\\d:\\d\\d kc3: sync ", 30);
            assertTrue(pa.from("kc3", "sync ").size() > 0);
        } finally {
            peers.forEach(ChatPeer::close);
        }
    }
}
