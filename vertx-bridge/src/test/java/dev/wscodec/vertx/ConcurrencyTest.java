package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many sessions at once over two server instances, fed from another thread pool: every message comes back. */
@ExtendWith(VertxExtension.class)
class ConcurrencyTest {

    @Test
    void threeHundredSessionsEchoConcurrently(Vertx vertx) throws Exception {
        int port = TestSupport.freePort();
        TestSupport.deploy(vertx, TestSupport.serverOptions().setPort(port), WsAcceptHook.ACCEPT_ALL,
                s -> s.send(s.receive()), 2);
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
        int sessions = 300;
        int messages = 200;
        List<List<String>> echoed = Flowable.range(0, sessions).flatMapSingle(i ->
                client.connect("ws://127.0.0.1:" + port + "/" + i).flatMap(s -> {
                    // Sent from computation threads: the session hops onto its event loop.
                    Flowable<Message> out = Flowable.range(0, messages)
                            .map(k -> (Message) TextMessage.of(i + ":" + k)).subscribeOn(Schedulers.computation());
                    Single<List<String>> back = s.receive().take(messages)
                            .map(m -> ((TextMessage) m).text()).toList();
                    return Single.zip(back, s.send(out).toSingleDefault(0), (texts, unused) -> texts)
                            .flatMap(texts -> s.close().toSingleDefault(texts));
                }), false, sessions).toList().timeout(60, TimeUnit.SECONDS).blockingGet();
        assertEquals(sessions, echoed.size());
        for (List<String> texts : echoed) {
            String prefix = texts.get(0).substring(0, texts.get(0).indexOf(':') + 1);
            for (int k = 0; k < messages; k++) {
                assertEquals(prefix + k, texts.get(k), "each session's messages come back in order");
            }
        }
    }
}
