package dev.wscodec.examples;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code --cluster} options of {@code chat}, {@code demo} and {@code ticker}: whether this process joins a
 * Hazelcast cluster, the address it binds and advertises, and the members it joins over TCP-IP (multicast is off: it
 * does not work in most clouds and containers). Parsing and checking these needs no Hazelcast class; only
 * {@link HazelcastNode} touches Hazelcast, and only when {@code --cluster} is given.
 *
 * @param enabled     whether {@code --cluster} was given
 * @param host        the address Hazelcast and the event bus bind and advertise, or null to let Hazelcast pick one
 * @param port        Hazelcast's member port
 * @param busPort     the clustered event bus's port (0: any free port)
 * @param members     the members to join, {@code host:port} each, already resolved
 * @param nodeName    the name shown to users (chat's join notice), or null for {@code host:port} of the server
 * @param joinTimeout how long starting the node and joining may take, in seconds
 */
record ClusterOptions(boolean enabled, String host, int port, int busPort, List<String> members, String nodeName,
                      int joinTimeout) {

    /** Hazelcast's usual member port. */
    static final int DEFAULT_PORT = 5701;
    /** Seconds a node may take to start and join before the command gives up with exit code 1. */
    static final int DEFAULT_JOIN_TIMEOUT = 60;
    /** Seconds one member host name may take to resolve. */
    static final int RESOLVE_TIMEOUT = 10;
    /** The options that take a value (see {@link Commands#CLUSTER} for their help). */
    static final Set<String> VALUED = Set.of("--cluster-host", "--cluster-port", "--bus-port", "--members",
            "--node-name", "--join-timeout");

    static final ClusterOptions NONE = new ClusterOptions(false, null, DEFAULT_PORT, 0, List.of(), null,
            DEFAULT_JOIN_TIMEOUT);

    /** This process's Vert.x, clustered or not, and the node's name (null when not clustered). */
    record Node(Vertx vertx, String name) {
    }

    /**
     * Starts this process's Vert.x: a clustered one on Hazelcast with {@code --cluster} (blocking until it joined or
     * the join timeout passed), else a plain one, and then no Hazelcast class is loaded.
     */
    Node start(PrintStream out) throws InterruptedException {
        return enabled ? HazelcastNode.start(this, out) : new Node(Vertx.vertx(), null);
    }

    /** The cluster options of a command line; a member that does not resolve is a usage error. */
    static ClusterOptions parse(Args a) {
        if (!a.flag("--cluster")) {
            for (String name : VALUED) {
                if (a.has(name)) {
                    throw new Args.UsageException("The option " + name + " only applies with --cluster.");
                }
            }
            return NONE;
        }
        String host = a.value("--cluster-host", null);
        if (host != null) {
            host = resolve(host, "--cluster-host").getHostAddress();
        }
        int port = a.intValue("--cluster-port", 1, 65535, DEFAULT_PORT);
        int busPort = a.intValue("--bus-port", 0, 65535, 0);
        List<String> members = new ArrayList<>();
        for (String list : a.all("--members")) {
            for (String member : list.split(",")) {
                if (!member.isBlank()) {
                    members.add(member(member.strip()));
                }
            }
        }
        String nodeName = a.value("--node-name", null);
        if (nodeName != null && (nodeName.isBlank() || nodeName.length() > 64)) {
            throw new Args.UsageException("The value of --node-name must be 1 to 64 characters.");
        }
        int joinTimeout = a.intValue("--join-timeout", 1, 3600, DEFAULT_JOIN_TIMEOUT);
        return new ClusterOptions(true, host, port, busPort, List.copyOf(members), nodeName, joinTimeout);
    }

    /** A {@code host:port} member, checked and with the host resolved to its address. */
    static String member(String member) {
        int colon = member.lastIndexOf(':');
        String host = colon < 0 ? member : member.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new Args.UsageException("A cluster member must look like host:port but was '" + member + "'.");
        }
        int port = colon < 0 ? DEFAULT_PORT : Args.parseInt("the port of member '" + member + "'",
                member.substring(colon + 1), 1, 65535);
        InetAddress address = resolve(host, "--members");
        String ip = address.getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** Resolves {@code host}, failing with a usage error when it does not resolve within {@link #RESOLVE_TIMEOUT}. */
    static InetAddress resolve(String host, String option) {
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        });
        try {
            return lookup.get(RESOLVE_TIMEOUT, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new Args.UsageException("The address '" + host + "' given with " + option + " does not resolve.");
        } catch (TimeoutException e) {
            throw new Args.UsageException("The address '" + host + "' given with " + option + " did not resolve within "
                    + RESOLVE_TIMEOUT + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Args.UsageException("Interrupted while resolving '" + host + "'.");
        }
    }
}
