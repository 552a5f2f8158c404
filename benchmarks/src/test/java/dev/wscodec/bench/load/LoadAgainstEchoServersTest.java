package dev.wscodec.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.bench.codec.Wire;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load generator against the JVM echo servers (ours, Vert.x's, raw Netty's) over real sockets on 127.0.0.1:
 * messages of every scenario's shape come back whole, latencies are recorded, nothing stays in flight. No timing is asserted.
 */
class LoadAgainstEchoServersTest {

    private static Vertx vertx;
    private static int oursPort;
    private static int vertxPort;
    private static EventLoopGroup nettyGroup;
    private static int nettyPort;

    @BeforeAll
    static void startServers() throws Exception {
        vertx = Vertx.vertx();
        oursPort = BenchServer.startOurs(vertx, 0);
        vertxPort = BenchServer.startVertx(vertx, 0);
        nettyGroup = NettyEchoServer.newGroup();
        nettyPort = NettyEchoServer.start(nettyGroup, 0);
    }

    @AfterAll
    static void stopServers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        nettyGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }

    private static int port(String server) {
        return switch (server) {
            case "ours" -> oursPort;
            case "vertx" -> vertxPort;
            case "netty" -> nettyPort;
            default -> throw new IllegalArgumentException(server);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"ours", "vertx", "netty"})
    void closedLoopEchoesEveryMessage(String server) throws Exception {
        int port = port(server);
        for (int size : new int[] {32, 16384, 200_000}) {
            Driver driver = new Driver(new InetSocketAddress("127.0.0.1", port));
            driver.connect(3, 2, null);
            ByteBuffer frame = ByteBuffer.wrap(Wire.frame(Wire.OP_BINARY, 0, Wire.randomBytes(size, 1),
                    new byte[] {1, 2, 3, 4}));
            Measurement m = driver.run(frame, 4, 0, TimeUnit.MILLISECONDS.toNanos(50),
                    TimeUnit.MILLISECONDS.toNanos(200), "self");
            assertTrue(m.messages > 0, server + " echoed nothing for " + size + " B");
            assertEquals((long) size * driver.messages, driver.payloadBytes, server + ": payload bytes of " + size + " B");
            assertTrue(m.p99Micros > 0, "latencies were recorded");
            assertTrue(m.format().contains("msgs_per_server_cpu_s="));
            driver.closeAll();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ours", "vertx", "netty"})
    void negotiatesDeflateAndEchoesACompressedMessage(String server) throws Exception {
        int port = port(server);
        Driver driver = new Driver(new InetSocketAddress("127.0.0.1", port));
        driver.connect(2, 2, "permessage-deflate; client_max_window_bits");
        assertTrue(driver.conns.get(0).negotiated.contains("permessage-deflate"), driver.conns.get(0).negotiated);
        ByteBuffer frame = ByteBuffer.wrap(Wire.frame(Wire.OP_BINARY, 0x40, LoadGen.deflateRaw(Wire.asciiJson(1024)),
                new byte[] {1, 2, 3, 4}));
        driver.echoOnce(frame);
        assertEquals(2, driver.messages);
        driver.closeAll();
    }

    @Test
    void bindsConnectionsToEachSourceAddressInTurn() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        Driver driver = new Driver(new InetSocketAddress("127.0.0.1", oursPort), a, b);
        driver.connect(6, 4, null);
        for (int i = 0; i < 6; i++) {
            InetSocketAddress local = (InetSocketAddress) driver.conns.get(i).channel.getLocalAddress();
            assertEquals(i % 2 == 0 ? a : b, local.getAddress(), "connection " + i);
        }
        driver.echoOnce(ByteBuffer.wrap(Wire.frame(Wire.OP_BINARY, 0, Wire.randomBytes(32, 3), new byte[] {1, 2, 3, 4})));
        assertEquals(6, driver.messages);
        driver.closeAll();
    }

    @Test
    void fixedRateRunWritesATailTrace(@TempDir Path dir) throws Exception {
        Driver driver = new Driver(new InetSocketAddress("127.0.0.1", oursPort));
        driver.connect(4, 4, null);
        String self = Long.toString(ProcessHandle.current().pid());
        driver.trace = new TailTrace(self, 0); // every message counts as slow
        ByteBuffer frame = ByteBuffer.wrap(Wire.frame(Wire.OP_BINARY, 0, Wire.randomBytes(32, 5), new byte[] {1, 2, 3, 4}));
        Measurement m = driver.run(frame, 1, 2000, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(300), self);
        driver.closeAll();
        Path file = dir.resolve("trace.txt");
        driver.trace.write(file, "t");
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("# label=t server_task=" + self + "/"), lines.get(0));
        assertTrue(lines.get(0).contains("vert.x-eventloo"), "the event-loop thread is sampled: " + lines.get(0));
        assertEquals(m.messages, lines.stream().filter(l -> l.startsWith("slow ")).count());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("runq ")), "run-queue samples");
        assertTrue(m.format().contains(" server_runq_ms="), m.format());
    }
}
