package dev.wscodec.vertx;

import dev.wscodec.api.WsConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Shared helpers: fast options, deploying a server on a free port, blocking waits with a bound. */
final class TestSupport {

    static final int MIB = 1024 * 1024;

    private TestSupport() {
    }

    /** Short timeouts so that tests are fast; keep-alive off unless a test turns it on. */
    static WsServerOptions serverOptions() {
        return new WsServerOptions().setHost("127.0.0.1").setPort(0)
                .setHandshakeTimeout(Duration.ofSeconds(5))
                .setCloseTimeout(Duration.ofSeconds(2))
                .setPingInterval(Duration.ZERO);
    }

    static WsClientOptions clientOptions() {
        return new WsClientOptions()
                .setHandshakeTimeout(Duration.ofSeconds(5))
                .setCloseTimeout(Duration.ofSeconds(2));
    }

    /** Codec limits that allow messages of {@code bytes}. */
    static WsConfig bigMessages(long bytes) {
        return WsConfig.builder().maxFrameSize(bytes).maxMessageSize(bytes).build();
    }

    /** Deploys {@code instances} verticles and returns the port they share. */
    static int deploy(Vertx vertx, WsServerOptions options, WsAcceptHook hook, WsHandler handler, int instances)
            throws Exception {
        if (options.getPort() == 0 && instances > 1) {
            throw new IllegalArgumentException("Several instances need a fixed port.");
        }
        WsServerVerticle[] first = new WsServerVerticle[1];
        vertx.deployVerticle(() -> {
            WsServerVerticle v = new WsServerVerticle(options, hook, handler);
            if (first[0] == null) {
                first[0] = v;
            }
            return v;
        }, new DeploymentOptions().setInstances(instances)).await(10, TimeUnit.SECONDS);
        return first[0].server().actualPort();
    }

    static int deploy(Vertx vertx, WsServerOptions options, WsHandler handler) throws Exception {
        return deploy(vertx, options, WsAcceptHook.ACCEPT_ALL, handler, 1);
    }

    /** A free port on 127.0.0.1 (for tests that need a fixed port, e.g. several instances); see {@link TestPorts}. */
    static int freePort() {
        return TestPorts.free();
    }

    /** The error {@code single} fails with (within 5 s); fails the test if it succeeds. */
    static Throwable errorOf(io.reactivex.rxjava3.core.Single<?> single) {
        try {
            Object value = single.timeout(5, TimeUnit.SECONDS).blockingGet();
            throw new AssertionError("Expected an error but got " + value);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passed; returns whether it held. */
    static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
