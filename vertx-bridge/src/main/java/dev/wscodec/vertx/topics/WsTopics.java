package dev.wscodec.vertx.topics;

import dev.wscodec.api.Message;
import dev.wscodec.vertx.WsSession;
import dev.wscodec.vertx.topics.impl.TopicsImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Publish/subscribe over WebSocket sessions: sessions subscribe to named topics (rooms), and a message published
 * to a topic reaches every subscribed session, on this node and, when the {@link Vertx} is clustered, on every
 * other node of the cluster that has a {@code WsTopics} with the same {@linkplain WsTopicsOptions#getAddressPrefix()
 * address prefix}. It works with whatever {@code Vertx} it is given, local or clustered; the bridge depends on no
 * cluster manager.
 *
 * <h2>Encode once</h2>
 * A published message is encoded into its frame bytes once per node and wire format (the codec provider, and
 * permessage-deflate without context takeover compressed once), and those same bytes are written to every local
 * subscriber (server frames are not masked). Connections the prepared frame does not fit (clients, which mask;
 * permessage-deflate with context takeover gets the plain frame) are handled by the engine.
 *
 * <h2>Slow subscribers</h2>
 * Each subscription has a queue bounded in bytes with a policy chosen at subscribe time
 * ({@link WsSubscriptionOptions}, default: close with 1008). A subscriber's memory is at most the socket's
 * {@link WsSubscriptionOptions#SOCKET_ALLOWANCE} plus its queue's bound; the publisher is never blocked.
 *
 * <h2>Order and delivery</h2>
 * Messages published to one topic by one publisher (one thread of calls, each after the previous returned) arrive
 * at every local subscriber in publish order, and at every remote subscriber in publish order too, as long as the
 * event bus delivers them: between nodes delivery is <b>at most once</b> - a message in flight when a node
 * leaves, or published while a new subscriber's registration is still spreading through the cluster, is lost, and
 * nothing is retried. Subscribers that dropped messages under their overflow policy see gaps, never reordering.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread, including a session's handler; none blocks.
 */
public interface WsTopics {

    /** A {@code WsTopics} on {@code vertx} with the default options. */
    static WsTopics create(Vertx vertx) {
        return create(vertx, new WsTopicsOptions());
    }

    /** A {@code WsTopics} on {@code vertx}. */
    static WsTopics create(Vertx vertx, WsTopicsOptions options) {
        return new TopicsImpl(vertx, new WsTopicsOptions(options));
    }

    /**
     * Subscribes {@code session} to {@code topic} with {@link WsTopicsOptions#getSubscriptionOptions()}.
     *
     * @see #subscribe(String, WsSession, WsSubscriptionOptions)
     */
    Future<Void> subscribe(String topic, WsSession session);

    /**
     * Subscribes {@code session} to {@code topic}. Succeeds once messages published after that reach the session
     * (in a cluster: once this node's consumer of the topic is registered). Subscribing again to a topic the
     * session follows succeeds and keeps the first options. The session leaves all its topics when it ends.
     * Fails with {@link IllegalStateException} when the session is no longer open or this {@code WsTopics} is
     * closed.
     *
     * @throws IllegalArgumentException when the topic name is empty or too long
     *                                  ({@link WsTopicsOptions#getMaxTopicLength()}), the session was not made by
     *                                  this bridge, or the options are inconsistent
     */
    Future<Void> subscribe(String topic, WsSession session, WsSubscriptionOptions options);

    /**
     * Unsubscribes {@code session} from {@code topic}; what is queued for it is dropped. Succeeds quietly when the
     * session does not follow the topic.
     *
     * @throws IllegalArgumentException when the topic name is empty or too long, or the session was not made by
     *                                  this bridge
     */
    Future<Void> unsubscribe(String topic, WsSession session);

    /**
     * Publishes {@code message} to every subscriber of {@code topic}, on this node and the others. Never blocks and
     * never waits for subscribers: succeeds once the message is handed to the local subscribers' event loops and to
     * the event bus. A topic nobody follows is no error: the message is dropped quietly. Fails with
     * {@link IllegalStateException} after {@link #close()}.
     *
     * @throws IllegalArgumentException when the topic name is empty or too long
     */
    Future<Void> publish(String topic, Message message);

    /**
     * The sessions on this node subscribed to {@code topic} now (0 for a topic nobody here follows); other nodes'
     * subscribers are not counted. Exact once subscribing and unsubscribing settle, approximate while they run.
     *
     * @throws IllegalArgumentException if the topic name is empty or too long
     */
    int localSubscribers(String topic);

    /**
     * Unsubscribes every session from every topic (the sessions stay open; queued messages are dropped) and
     * unregisters this node's event-bus consumers. Idempotent.
     */
    Future<Void> close();
}
