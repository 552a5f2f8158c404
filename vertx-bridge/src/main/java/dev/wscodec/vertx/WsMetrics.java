package dev.wscodec.vertx;

/**
 * What a {@link WsServer} or {@link WsClient} reports about its connections, for monitoring: set one with
 * {@link WsOptionsBase#setMetrics(WsMetrics)}; and what a {@link dev.wscodec.vertx.topics.WsTopics} reports about
 * its subscriptions (the {@code topic*} methods), set with
 * {@link dev.wscodec.vertx.topics.WsTopicsOptions#setMetrics(WsMetrics)}. Every method does nothing by default, and
 * {@link #NONE} (the default) overrides none, so a server without metrics pays for an empty call the JIT removes.
 * {@code dev.wscodec.vertx.micrometer.MicrometerWsMetrics} reports to a Micrometer registry.
 *
 * <p>Calls come from the event loops of the connections, several at once when the options are shared by several
 * verticle instances or clients: an implementation must be thread-safe, quick, must not block and must not throw.
 * Byte counts are those of the WebSocket connection (frames and HTTP heads, before TLS).
 */
public interface WsMetrics {

    /** Reports nothing: the default. */
    WsMetrics NONE = new WsMetrics() {
        @Override
        public String toString() {
            return "WsMetrics.NONE";
        }
    };

    /** A limit that a connection hit; each hit ends that connection (or, for connections, refuses one). */
    enum Limit {
        /** A frame larger than {@code WsConfig.maxFrameSize()} (closed with 1009). */
        FRAME,
        /** A message larger than {@code WsConfig.maxMessageSize()} as received (closed with 1009). */
        MESSAGE,
        /**
         * A compressed message that inflates beyond {@code WsConfig.maxMessageSize()}, a deflate bomb (closed with
         * 1009).
         */
        INFLATE,
        /** A send beyond {@link WsOptionsBase#getMaxQueuedOutboundBytes()} (closed with 1008). */
        OUTBOUND_QUEUE,
        /** Server: a connection beyond {@link WsServerOptions#getMaxConnections()} (answered 503). */
        CONNECTIONS
    }

    /** A timer that ended a connection. */
    enum Timeout {
        /** The opening handshake did not complete within the handshake timeout. */
        HANDSHAKE,
        /** The peer sent nothing within the pong timeout after a keep-alive ping (dropped, 1006). */
        PING,
        /** No data message went either way within the idle timeout (closed with 1001). */
        IDLE,
        /** The close handshake took longer than the close timeout (TCP closed by force). */
        CLOSE,
        /** The peer took none of the bytes waiting for it within the write-stall timeout (dropped, 1006). */
        WRITE_STALL
    }

    /** A TCP connection was accepted (server) or made (client); its opening handshake starts. */
    default void connectionOpened() {
    }

    /** A TCP connection opened by {@link #connectionOpened()} closed, however it ended. */
    default void connectionClosed() {
    }

    /**
     * The opening handshake of an upgrade request ended. Server: the status it answered ({@code 101} when
     * accepted, else the refusal: 400, 403, 404, 426, 431, 500, 503, ...). Client: the status of the server's
     * answer. {@code 0}: no valid answer (the handshake timed out, the peer left, or its answer was not valid HTTP).
     */
    default void handshake(int status) {
    }

    /** Server: a plain HTTP request (not an upgrade) was answered with {@code status}. */
    default void httpRequest(int status) {
    }

    /** A whole message was received; {@code payloadBytes} after any decompression. */
    default void messageReceived(long payloadBytes) {
    }

    /** A whole message was written to the connection; {@code payloadBytes} before any compression. */
    default void messageSent(long payloadBytes) {
    }

    /** Bytes read from the connection (after TLS decryption). */
    default void bytesReceived(long bytes) {
    }

    /** Bytes written to the connection (before TLS encryption). */
    default void bytesSent(long bytes) {
    }

    /**
     * A connection whose handshake succeeded ({@link #handshake(int) handshake(101)}) ended, with the close code it
     * ended with: the code of the close handshake, {@code 1006} when it ended without one (the peer left, a
     * timeout), or the code it was failed with (1002, 1007, 1008, 1009, ...).
     */
    default void sessionClosed(int code) {
    }

    /** A connection hit {@code limit}. */
    default void limitExceeded(Limit limit) {
    }

    /** A timer ended a connection. */
    default void timeout(Timeout timeout) {
    }

    /** Topics: a session on this node subscribed to a topic. */
    default void topicSubscribed() {
    }

    /** Topics: a subscription of {@link #topicSubscribed()} ended (unsubscribed, its session ended, topics closed). */
    default void topicUnsubscribed() {
    }

    /**
     * Topics: a publication was handed to this node's subscribers of its topic, published on this node or received
     * from another; once per publication, however many subscribers (a publication to a topic nobody on this node
     * follows is not counted).
     */
    default void topicFanOut() {
    }

    /**
     * Topics: a subscriber's overflow policy dropped a message for it (drop the oldest, keep the latest per key, or a
     * message larger than the whole queue); once per message and subscriber.
     */
    default void topicMessageDropped() {
    }

    /** Topics: a subscriber fell behind its queue bound under the close policy and was closed with 1008. */
    default void topicSubscriberClosed() {
    }
}
