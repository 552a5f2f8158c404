package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.Incoming;

import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.vertx.WsMessageStream;
import io.reactivex.rxjava3.core.Flowable;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.slf4j.LoggerFactory;

/**
 * The {@code receiveStreams()} Flowable of a connection that streams messages ({@link
 * dev.wscodec.api.WsConfig#streaming()}): cold, unicast, one {@link WsMessageStream} per message, delivered when its
 * first chunk arrives and the subscriber asked for a message. The connection reads for the message in progress only
 * while its chunk subscriber wants more ({@link StreamedMessage}) and between messages only while this subscriber
 * asked for one, so it holds at most one chunk nobody requested. A message whose last chunk arrived is let go: it
 * delivers its last chunk by itself, and the next message may be read meanwhile. Used on the connection's context
 * only; Reactive Streams calls from other threads hop onto it.
 */
final class StreamInbound extends UnicastPublisher<WsMessageStream> implements Incoming {

    /** Makes the error of a message the connection ended in the middle of. */
    private final Function<String, Throwable> closedInside;
    private boolean discardUnsubscribed;
    private boolean done;
    private Throwable error;
    /** The message being read, or read whole and waiting for demand; {@code null} between messages. */
    private StreamedMessage current;
    /** The rest of a message nobody gets (this subscriber cancelled, say) is being read and dropped. */
    private boolean dropping;
    private int wip;

    StreamInbound(Inbound.Source source, Function<String, Throwable> closedInside) {
        super(source, "receiveStreams() allows a single subscriber; this session's messages are already "
                + "subscribed to.");
        this.closedInside = closedInside;
    }

    @Override
    void onBadRequest(IllegalArgumentException e) {
        fail(e);
    }

    @Override
    void onCancel() {
        if (current != null && !current.delivered()) {
            dropping = !current.ended();
            current = null;
        }
    }

    /** Whether messages nobody will get are dropped: cancelled, terminated, or closing without a subscriber. */
    private boolean isDiscarding() {
        return cancelled || terminated || (discardUnsubscribed && !subscribedOnce);
    }

    @Override
    public boolean wantsData() {
        if (done) {
            return false;
        }
        if (current != null) {
            return current.delivered() && current.wantsData();
        }
        return dropping || isDiscarding() || subscriber != null && demand > 0;
    }

    /** A provider that does not stream (draft-hixie-76) delivers whole messages: each becomes one chunk. */
    @Override
    public void offer(Message m) {
        offerChunk(new MessageChunk(m.opcode(), m.payload(), true, true));
    }

    @Override
    public void offerChunk(MessageChunk c) {
        if (done) {
            return;
        }
        if (c.first()) {
            dropping = false;
            if (isDiscarding()) {
                dropping = !c.last();
                return;
            }
            current = new StreamedMessage(c.opcode(), source);
        }
        if (current == null) {
            return; // a piece of a message being dropped
        }
        StreamedMessage m = current;
        m.add(c.data(), c.last());
        if (c.last() && m.delivered()) {
            current = null; // it delivers what it holds by itself; the next message may be read
            m.drain();
        }
    }

    @Override
    public void complete() {
        end(null);
    }

    @Override
    public void fail(Throwable t) {
        end(t);
    }

    private void end(Throwable t) {
        if (done) {
            return;
        }
        done = true;
        error = t;
        if (current != null && (t != null || !current.ended())) {
            // The message can no longer end: its reader learns why (a message never delivered is just dropped).
            StreamedMessage m = current;
            current = null;
            m.fail(t != null ? t : closedInside.apply("The connection closed before the message ended."));
            m.drain();
        }
    }

    @Override
    public void drain() {
        if (wip++ != 0) {
            return;
        }
        for (;;) {
            StreamedMessage m = current;
            Subscriber<? super WsMessageStream> s = subscriber;
            if (m != null && !m.delivered() && s != null && demand > 0 && !terminated) {
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                m.markDelivered();
                if (m.ended()) {
                    current = null;
                }
                try {
                    s.onNext(m);
                } catch (Throwable t) {
                    String what = "A receiveStreams() subscriber threw from onNext; its subscription is cancelled.";
                    LoggerFactory.getLogger(StreamInbound.class).warn(what, t);
                    cancelled = true;
                    subscriber = null;
                }
                source.onDemandChanged();
            }
            if (m != null) {
                m.drain();
            }
            if (done && current == null && subscriber != null && !terminated) {
                terminate(subscriber, error);
            }
            if (--wip == 0) {
                return;
            }
            wip = 1;
        }
    }

    @Override
    public void discardIfUnsubscribed() {
        discardUnsubscribed = true;
        if (current != null && current.delivered()) {
            current.discardIfUnsubscribed();
        }
    }

    @Override
    public boolean wasSubscribed() {
        return subscribedOnce;
    }

    @Override
    public int queued() {
        return current == null ? 0 : current.queued();
    }
}
