package dev.wscodec.vertx;

import dev.wscodec.api.Opcode;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/** The TCK against one message's {@link WsMessageStream#chunks()}: {@code count} one-byte fragments. */
public class ChunksTckTest extends PublisherVerification<ByteBuffer> {

    private Vertx vertx;
    private WsClient client;
    private int port;

    public ChunksTckTest() {
        super(new TestEnvironment(1500, 150));
    }

    @BeforeClass
    public void startServer() throws Exception {
        vertx = Vertx.vertx();
        WsHandler countdown = session -> {
            long n = Long.parseLong(session.request().path().substring("/n/".length()));
            return session.sendStream(Opcode.BINARY,
                    Flowable.rangeLong(0, n).map(i -> ByteBuffer.wrap(new byte[] {i.byteValue()})));
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

    private WsMessageStream message(long elements) {
        return client.connect("ws://127.0.0.1:" + port + "/n/" + elements).timeout(10, TimeUnit.SECONDS)
                .blockingGet().receiveStreams().firstOrError().timeout(10, TimeUnit.SECONDS).blockingGet();
    }

    @Override
    public Publisher<ByteBuffer> createPublisher(long elements) {
        return message(elements).chunks();
    }

    @Override
    public Publisher<ByteBuffer> createFailedPublisher() {
        WsMessageStream m = message(1);
        m.chunks().ignoreElements().onErrorComplete().subscribe();
        return m.chunks();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1000;
    }
}
