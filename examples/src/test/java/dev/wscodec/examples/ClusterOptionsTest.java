package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --cluster} options: parsing, resolving members and the errors for bad ones. No cluster starts here. */
class ClusterOptionsTest {

    private static ClusterOptions parse(String... args) {
        return ClusterOptions.parse(Commands.CHAT.parse(args));
    }

    @Test
    void withoutClusterNothingIsClustered() {
        ClusterOptions o = parse("--port", "1");
        assertFalse(o.enabled());
        assertEquals(ClusterOptions.NONE, o);
    }

    @Test
    void parsesHostPortMembersAndNodeName() {
        ClusterOptions o = parse("--cluster", "--cluster-host", "localhost", "--cluster-port", "28101", "--members",
                "127.0.0.1:28101, localhost:28102", "--members=127.0.0.1", "--node-name", "A", "--bus-port", "28111",
                "--join-timeout", "7");
        assertTrue(o.enabled());
        assertEquals("127.0.0.1", o.host(), "the host is resolved to the address Hazelcast binds");
        assertEquals(28101, o.port());
        assertEquals(28111, o.busPort());
        assertEquals(List.of("127.0.0.1:28101", "127.0.0.1:28102", "127.0.0.1:" + ClusterOptions.DEFAULT_PORT),
                o.members(), "lists and repeats add up; names resolve; the port defaults to Hazelcast's 5701");
        assertEquals("A", o.nodeName());
        assertEquals(7, o.joinTimeout());
        ClusterOptions defaults = parse("--cluster");
        assertNull(defaults.host());
        assertEquals(ClusterOptions.DEFAULT_PORT, defaults.port());
        assertEquals(List.of(), defaults.members());
        assertEquals(ClusterOptions.DEFAULT_JOIN_TIMEOUT, defaults.joinTimeout());
    }

    @Test
    void ipv6MembersKeepTheirBrackets() {
        assertEquals("[0:0:0:0:0:0:0:1]:28102", ClusterOptions.member("[::1]:28102"));
    }

    @Test
    void badOptionsAreUsageErrorsWithFullSentences() {
        assertEquals("The address 'no-such-node.invalid' given with --members does not resolve.",
                assertThrows(Args.UsageException.class,
                        () -> parse("--cluster", "--members", "127.0.0.1:28101,no-such-node.invalid:28102"))
                        .getMessage());
        assertEquals("The address 'no-such-node.invalid' given with --cluster-host does not resolve.",
                assertThrows(Args.UsageException.class,
                        () -> parse("--cluster", "--cluster-host", "no-such-node.invalid")).getMessage());
        assertEquals("The value of the port of member '127.0.0.1:http' must be a whole number but was 'http'.",
                assertThrows(Args.UsageException.class, () -> parse("--cluster", "--members", "127.0.0.1:http"))
                        .getMessage());
        assertEquals("A cluster member must look like host:port but was ':5701'.",
                assertThrows(Args.UsageException.class, () -> parse("--cluster", "--members", ":5701")).getMessage());
        assertEquals("The value of --cluster-port must be between 1 and 65535 but was 0.",
                assertThrows(Args.UsageException.class, () -> parse("--cluster", "--cluster-port", "0")).getMessage());
        assertEquals("The option --members only applies with --cluster.",
                assertThrows(Args.UsageException.class, () -> parse("--members", "127.0.0.1:5701")).getMessage());
        assertEquals("The value of --node-name must be 1 to 64 characters.",
                assertThrows(Args.UsageException.class, () -> parse("--cluster", "--node-name", " ")).getMessage());
    }
}
