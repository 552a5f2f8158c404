package dev.wscodec.examples;

import dev.wscodec.vertx.TestPorts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Example processes joined into one Hazelcast cluster on 127.0.0.1, each a separate JVM: node {@code i} listens for
 * WebSockets on {@link #wsPort(int)} and for its cluster peers on a member port of its own; every node lists every
 * member with {@code --members}. Nodes can be killed with SIGKILL and started again on the same ports.
 */
final class ClusterNodes implements AutoCloseable {

    /** How long one node may take to start and join on a busy 2-core machine. */
    static final int JOIN_SECONDS = 90;

    private final String command;
    private final List<String> extra;
    private final int[] wsPorts;
    private final int[] memberPorts;
    private final JarProcess[] nodes;
    private final boolean[] frozen;

    ClusterNodes(int count, String command, String... extra) throws Exception {
        this.command = command;
        this.extra = List.of(extra);
        int[] ports = TestPorts.free(2 * count);   // all at once, so no two are the same
        wsPorts = Arrays.copyOfRange(ports, 0, count);
        memberPorts = Arrays.copyOfRange(ports, count, 2 * count);
        nodes = new JarProcess[count];
        frozen = new boolean[count];
    }

    String members() {
        return Arrays.stream(memberPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    int wsPort(int i) {
        return wsPorts[i];
    }

    int memberPort(int i) {
        return memberPorts[i];
    }

    static String nodeName(int i) {
        return "node-" + (char) ('A' + i);
    }

    JarProcess node(int i) {
        return nodes[i];
    }

    /** Starts node {@code i} (without waiting). */
    JarProcess start(int i) throws Exception {
        List<String> args = new ArrayList<>(List.of(command, "--port", Integer.toString(wsPorts[i]), "--host",
                "127.0.0.1", "--cluster", "--cluster-host", "127.0.0.1", "--cluster-port",
                Integer.toString(memberPorts[i]), "--members", members(), "--node-name", nodeName(i),
                "--join-timeout", Integer.toString(JOIN_SECONDS - 10)));
        args.addAll(extra);
        nodes[i] = JarProcess.start(args.toArray(String[]::new));
        return nodes[i];
    }

    /** Starts every node at once and waits until each serves and sees all of them as members. */
    void startAll() throws Exception {
        for (int i = 0; i < nodes.length; i++) {
            start(i);
        }
        for (int i = 0; i < nodes.length; i++) {
            awaitServingWith(i, nodes.length);
        }
    }

    /** Waits until node {@code i} printed that it serves and, in any order, that the cluster has {@code n} members. */
    void awaitServingWith(int i, int members) throws InterruptedException {
        awaitAll(nodes[i], JOIN_SECONDS, " on wss?://[^ ]+:" + wsPorts[i] + "/", "[; ]" + members + " members");
    }

    /** Consumes node {@code i}'s output until a line says the cluster has {@code n} members. */
    void awaitMembers(int i, int members) throws InterruptedException {
        nodes[i].awaitLine("[; ]" + members + " members", JOIN_SECONDS);
    }

    /** Consumes {@code p}'s lines until each regex matched one of them, in any order. */
    static void awaitAll(JarProcess p, long seconds, String... regexes) throws InterruptedException {
        List<Pattern> left = new ArrayList<>();
        for (String r : regexes) {
            left.add(Pattern.compile(r));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!left.isEmpty()) {
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            String either = left.stream().map(Pattern::pattern).collect(Collectors.joining("|"));
            String line = p.awaitLine(either, remaining).group();
            left.removeIf(pattern -> pattern.matcher(line).find());
        }
    }

    /** SIGKILL: no shutdown hook runs, the node just vanishes from the network. */
    void kill(int i) throws InterruptedException {
        nodes[i].process().destroyForcibly();
        if (!nodes[i].process().waitFor(15, TimeUnit.SECONDS)) {
            throw new AssertionError("Node " + i + " survived SIGKILL for 15 s.");
        }
    }

    /**
     * SIGSTOP: every thread of node {@code i} stops at once, while the kernel keeps its sockets open and goes on
     * accepting bytes for them; to its peers the node is silent, as behind a network cut. {@link #close()} thaws it.
     */
    void freeze(int i) throws Exception {
        signal(i, "STOP");
        frozen[i] = true;
    }

    /** SIGCONT: node {@code i} runs on from where {@link #freeze} stopped it. */
    void thaw(int i) throws Exception {
        signal(i, "CONT");
        frozen[i] = false;
    }

    private void signal(int i, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(nodes[i].process().pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("'kill -" + signal + "' of node " + i + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < nodes.length; i++) {
            if (frozen[i]) {
                try {
                    thaw(i);   // a stopped process would not act on SIGTERM until continued
                } catch (Exception | AssertionError e) {
                    nodes[i].process().destroyForcibly();
                }
            }
        }
        for (JarProcess n : nodes) {
            if (n != null) {
                n.process().destroy();
            }
        }
        for (JarProcess n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }
}
