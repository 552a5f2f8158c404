package dev.wscodec.vertx;

import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * What the Reactive Streams TCK classes (TestNG, run on the JUnit Platform by the TestNG engine) share: a real
 * server whose handler at {@code /n/<count>} sends {@code count} elements and closes, and a client that connects to
 * it, so a publisher under test emits exactly {@code count} elements and completes.
 */
abstract class SessionTck<T> extends PublisherVerification<T> {

    private Vertx vertx;
    private WsClient client;
    private int port;

    SessionTck() {
        super(new TestEnvironment(1500, 150));
    }

    /** Sends {@code n} elements to the session: text messages {@code m0}, {@code m1}, ... unless overridden. */
    Completable countdown(WsSession session, long n) {
        return session.send(Flowable.rangeLong(0, n).map(i -> TextMessage.of("m" + i)));
    }

    /** The client's codec configuration: the default unless overridden. */
    WsConfig clientConfig() {
        return WsConfig.DEFAULT;
    }

    @BeforeClass
    public void startServer() throws Exception {
        vertx = Vertx.vertx();
        WsHandler handler = session -> countdown(session,
                Long.parseLong(session.request().path().substring("/n/".length())));
        // Long close timeouts: a test that stops requesting leaves its connection unread, and a close timeout
        // firing later would fail that old subscriber while another test runs (the TCK reports it there).
        port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCloseTimeout(Duration.ofMinutes(5)),
                handler);
        client = WsClient.create(vertx, TestSupport.clientOptions().setCloseTimeout(Duration.ofMinutes(5))
                .setCodecConfig(clientConfig()));
    }

    @AfterClass
    public void stopServer() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    /** A session whose server sends {@code elements} elements. */
    final WsSession connect(long elements) {
        return client.connect("ws://127.0.0.1:" + port + "/n/" + elements).timeout(10, TimeUnit.SECONDS)
                .blockingGet();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1000;
    }
}
