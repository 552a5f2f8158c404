package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.TestPorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's {@code --cluster} when things go wrong: a member that does not resolve, a member that never answers (the
 * join timeout), a cluster port in use; each is one clear line on standard error and a non-zero exit, nothing hangs.
 * And without {@code --cluster}, not one Hazelcast class is loaded.
 */
class ClusterErrorsIT {

    @Test
    void aMemberThatDoesNotResolveIsAUsageError() throws Exception {
        try (JarProcess chat = JarProcess.start("chat", "--port", "0", "--cluster", "--members",
                "127.0.0.1:5701,no-such-node.invalid:5701")) {
            assertEquals(2, chat.awaitExit(60));
            assertEquals("[err] The address 'no-such-node.invalid' given with --members does not resolve.",
                    chat.transcript());
        }
    }

    @Test
    void aNodeThatCannotJoinWithinTheTimeoutGivesUpWithExitCode1() throws Exception {
        // A "member" that accepts TCP connections (in the kernel's backlog) and never says a word.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = TestPorts.free();
            try (JarProcess chat = JarProcess.start("chat", "--port", "0", "--cluster", "--cluster-host", "127.0.0.1",
                    "--cluster-port", Integer.toString(port), "--members", "127.0.0.1:" + silent.getLocalPort(),
                    "--join-timeout", "5")) {
                assertEquals(1, chat.awaitExit(90));
                assertTrue(chat.transcript().contains("[err] This node did not start and join the cluster within 5 s"
                        + " (members [127.0.0.1:" + silent.getLocalPort() + "]). Check that the members run, that"
                        + " their --cluster-port is reachable from here, and that --cluster-host is an address they"
                        + " can reach."), chat.transcript());
                assertFalse(chat.transcript().contains("Chat room on"), "no server was started");
            }
        }
    }

    @Test
    void aClusterPortInUseIsSaidPlainly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            try (JarProcess chat = JarProcess.start("chat", "--port", "0", "--cluster", "--cluster-host", "127.0.0.1",
                    "--cluster-port", Integer.toString(taken.getLocalPort()))) {
                assertEquals(1, chat.awaitExit(60));
                assertTrue(chat.transcript().startsWith("[err] The cluster port " + taken.getLocalPort()
                        + " on 127.0.0.1 is in use ("), chat.transcript());
                assertTrue(chat.transcript().endsWith("); choose another with --cluster-port."), chat.transcript());
            }
        }
    }

    @Test
    void withoutClusterNoHazelcastClassIsLoaded(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.txt");
        try (JarProcess chat = JarProcess.startWithJvmOptions(List.of("-Xlog:class+load=info:file=" + log),
                "chat", "--port", "0", "--host", "127.0.0.1")) {
            int port = Integer.parseInt(chat.awaitLine("Chat room on ws://127.0.0.1:(\\d+)/", 60).group(1));
            try (ChatPeer p = ChatPeer.join("solo", port)) {
                p.send("hello");
                p.await(() -> p.from("solo", "hello").size() == 1, 10, "its own line");
            }
        }
        String classes = Files.readString(log);
        assertTrue(classes.contains("dev.wscodec.examples.ChatRoom"), "the class loading log works");
        assertTrue(classes.contains("dev.wscodec.vertx.topics.WsTopics"), "the room is a WsTopics topic");
        assertFalse(classes.contains("com.hazelcast"), "a Hazelcast class was loaded without --cluster");
        assertFalse(classes.contains("io.vertx.spi.cluster"), "the cluster manager was loaded without --cluster");
    }
}
