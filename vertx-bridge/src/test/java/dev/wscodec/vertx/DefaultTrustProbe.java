package dev.wscodec.vertx;

import dev.wscodec.api.TextMessage;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Run in a forked JVM by {@link WssDefaultTrustTest}: a {@link WsClient} with default options connects to the URL
 * in {@code args[0]}, sends one text message and prints what comes back. Exit 0 on an echo, 1 on any failure (the
 * cause chain printed).
 */
public final class DefaultTrustProbe {

    private DefaultTrustProbe() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        int code;
        try {
            WsSession session = WsClient.create(vertx).connect(args[0]).timeout(20, TimeUnit.SECONDS).blockingGet();
            Object echo = session.send(TextMessage.of("probe")).andThen(session.receive().firstOrError())
                    .timeout(20, TimeUnit.SECONDS).blockingGet();
            System.out.println("echo: " + ((TextMessage) echo).text());
            session.close().timeout(5, TimeUnit.SECONDS).blockingAwait();
            code = 0;
        } catch (RuntimeException e) {
            System.out.println("failed: " + WssTest.describe(e));
            code = 1;
        }
        vertx.close().await(10, TimeUnit.SECONDS);
        System.exit(code);
    }
}
