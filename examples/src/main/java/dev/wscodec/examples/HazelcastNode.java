package dev.wscodec.examples;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The only class of the examples that uses Hazelcast: a clustered {@link Vertx} whose cluster manager joins the
 * members given with {@code --members} over TCP-IP. Join, heartbeat and merge settings are short so that a few nodes
 * on a LAN (or one machine) form a cluster in seconds and notice a dead member within
 * {@link #MAX_NO_HEARTBEAT_SECONDS} seconds.
 */
final class HazelcastNode {

    /** The Hazelcast cluster name; nodes with another name never join these. */
    static final String CLUSTER_NAME = "wscodec-examples";
    /** Seconds between heartbeats. */
    static final int HEARTBEAT_SECONDS = 1;
    /** A member silent for this long is taken for dead and removed (Hazelcast's default is 60). */
    static final int MAX_NO_HEARTBEAT_SECONDS = 5;
    /** Seconds a TCP-IP connection attempt to a member may take. */
    static final int CONNECT_TIMEOUT_SECONDS = 2;
    /** After a partition heals, the split clusters look for each other after this many seconds, then as often. */
    static final int MERGE_DELAY_SECONDS = 10;

    private HazelcastNode() {
    }

    /** Starts Hazelcast and a clustered Vert.x on it; fails with a full-sentence message after the join timeout. */
    static ClusterOptions.Node start(ClusterOptions o, PrintStream out) throws InterruptedException {
        checkPortFree(o);
        // Hazelcast logs a few lines before it reads its configuration; through slf4j, like the rest.
        System.setProperty("hazelcast.logging.type", "slf4j");
        HazelcastClusterManager manager = new HazelcastClusterManager(config(o));
        VertxOptions options = new VertxOptions();
        if (o.host() != null) {
            options.getEventBusOptions().setHost(o.host()).setClusterPublicHost(o.host());
        }
        options.getEventBusOptions().setPort(o.busPort());
        Vertx vertx;
        try {
            vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                    .toCompletionStage().toCompletableFuture().get(o.joinTimeout(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ClusterStartException("This node did not start and join the cluster within " + o.joinTimeout()
                    + " s (members " + o.members() + "). Check that the members run, that their --cluster-port is"
                    + " reachable from here, and that --cluster-host is an address they can reach.", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ClusterStartException("This node could not start its cluster member on port " + o.port()
                    + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        }
        var hazelcast = manager.getHazelcastInstance();
        Member self = hazelcast.getCluster().getLocalMember();
        String address = self.getAddress().getHost() + ":" + self.getAddress().getPort();
        String name = o.nodeName() != null ? o.nodeName() : address;
        // An initial listener sees the member set and every later change without a gap: a member that joins between
        // this node's join and the registration of a plain listener would otherwise never be reported.
        hazelcast.getCluster().addMembershipListener(new InitialMembershipListener() {
            @Override
            public void init(InitialMembershipEvent event) {
                int members = event.getMembers().size();
                out.println("Node " + name + " joined the cluster '" + CLUSTER_NAME + "' at " + address + "; "
                        + describe(members) + ".");
                if (!o.members().isEmpty() && members == 1) {
                    out.println("This node is the first member of the cluster; the others in " + o.members()
                            + " join it when they start.");
                }
                out.flush();
            }

            @Override
            public void memberAdded(MembershipEvent event) {
                report("joined", event);
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                report("left", event);
            }

            private void report(String what, MembershipEvent event) {
                out.println("Member " + event.getMember().getAddress() + " " + what + " the cluster; "
                        + describe(event.getMembers().size()) + ": " + event.getMembers().stream()
                        .map(m -> m.getAddress().toString()).collect(Collectors.joining(", ")) + ".");
                out.flush();
            }
        });
        out.flush();
        return new ClusterOptions.Node(vertx, name);
    }

    /** A port in use is the most common reason a node cannot start; say so plainly instead of Hazelcast's trace. */
    private static void checkPortFree(ClusterOptions o) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(o.host() == null ? "0.0.0.0" : o.host(), o.port()));
        } catch (IOException e) {
            throw new ClusterStartException("The cluster port " + o.port() + " on " + (o.host() == null ? "this machine"
                    : o.host()) + " is in use (" + e.getMessage() + "); choose another with --cluster-port.", e);
        }
    }

    private static String describe(int members) {
        return members == 1 ? "1 member" : members + " members";
    }

    /** Vert.x's default Hazelcast configuration (its maps and multimap), with our network and timing settings. */
    static Config config(ClusterOptions o) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Vert.x leaves the cluster in the examples' shutdown hook; Hazelcast's own hook would race with it.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        // Fewer partitions than the default 271: less to migrate when a node joins or dies; plenty for a few nodes.
        config.setProperty("hazelcast.partition.count", "71");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        if (o.host() != null) {
            config.setProperty("hazelcast.local.localAddress", o.host());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(o.port()).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(CONNECT_TIMEOUT_SECONDS)
                .setMembers(o.members());
        return config;
    }
}
