package dev.wscodec.vertx;

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
 * The Reactive Streams TCK against {@link WsSession#receiveStreams()} of a real streaming client connection: the
 * server at {@code /n/<count>} sends that many messages and closes. The TCK never reads a message's chunks: a
 * message whose last byte arrived lets the next one be read, so the stream still flows.
 */
public class StreamsTckTest extends PublisherVerification<WsMessageStream> {

    private Vertx vertx;
    private WsClient client;
    private int port;

    public StreamsTckTest() {
        super(new TestEnvironment(1500, 150));
    }

    @BeforeClass
    public void startServer() throws Exception {
        vertx = Vertx.vertx();
        WsHandler countdown = session -> {
            long n = Long.parseLong(session.request().path().substring("/n/".length()));
            return session.send(Flowable.rangeLong(0, n).map(i -> TextMessage.of("m" + i)));
        };
        port = TestSupport.deploy(vertx, TestSupport.serverOptions().setCloseTimeout(Duration.ofMinutes(5)),
                countdown);
        client = WsClient.create(vertx, TestSupport.clientOptions().setCloseTimeout(Duration.ofMinutes(5))
                .setCodecConfig(StreamingTest.STREAMING));
    }

    @AfterClass
    public void stopServer() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    @Override
    public Publisher<WsMessageStream> createPublisher(long elements) {
        return client.connect("ws://127.0.0.1:" + port + "/n/" + elements).timeout(10, TimeUnit.SECONDS)
                .blockingGet().receiveStreams();
    }

    @Override
    public Publisher<WsMessageStream> createFailedPublisher() {
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/n/0").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        session.receiveStreams().ignoreElements().onErrorComplete().subscribe();
        return session.receiveStreams();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1000;
    }
}
