package dev.wscodec.vertx;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK (TestNG, run on the JUnit Platform by the TestNG engine) against {@link
 * WsSession#receive()} of a real client connection: the server at {@code /n/<count>} sends that many messages and
 * closes, so the publisher emits exactly {@code count} elements and completes.
 */
public class ReceiveTckTest extends PublisherVerification<Message> {

    private Vertx vertx;
    private WsClient client;
    private int port;

    public ReceiveTckTest() {
        super(new TestEnvironment(1500, 150));
    }

    @BeforeClass
    public void startServer() throws Exception {
        vertx = Vertx.vertx();
        WsHandler countdown = session -> {
            long n = Long.parseLong(session.request().path().substring("/n/".length()));
            return session.send(Flowable.rangeLong(0, n).map(i -> TextMessage.of("m" + i)));
        };
        // Long close timeouts: a test that stops requesting leaves its connection unread, and a close timeout
        // firing later would fail that old subscriber while another test runs (the TCK reports it there).
        port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCloseTimeout(Duration.ofMinutes(5)),
                countdown);
        client = WsClient.create(vertx, TestSupport.clientOptions().setCloseTimeout(Duration.ofMinutes(5)));
    }

    @AfterClass
    public void stopServer() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    @Override
    public Publisher<Message> createPublisher(long elements) {
        return client.connect("ws://127.0.0.1:" + port + "/n/" + elements).timeout(10, TimeUnit.SECONDS)
                .blockingGet().receive();
    }

    /** receive() is unicast: once subscribed, every further subscriber gets an error right after onSubscribe. */
    @Override
    public Publisher<Message> createFailedPublisher() {
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/n/0").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        session.receive().ignoreElements().onErrorComplete().subscribe();
        return session.receive();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1000;
    }

}
