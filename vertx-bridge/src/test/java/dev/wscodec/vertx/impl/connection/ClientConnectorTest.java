package dev.wscodec.vertx.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** WebSocket URLs (RFC 6455 §3): scheme, default ports, the Host header and the request target. */
class ClientConnectorTest {

    @Test
    void defaultPortsAreLeftOutOfTheHostHeader() {
        assertEquals(new ClientConnector.Target(false, "example.com", 80, "example.com", "/"),
                ClientConnector.parse("ws://example.com"));
        assertEquals(new ClientConnector.Target(true, "example.com", 443, "example.com", "/chat?room=1&x=%20"),
                ClientConnector.parse("WSS://example.com/chat?room=1&x=%20"));
        assertEquals(new ClientConnector.Target(false, "example.com", 8080, "example.com:8080", "/a%2Fb"),
                ClientConnector.parse("ws://example.com:8080/a%2Fb"));
    }

    @Test
    void ipv6LiteralsKeepTheirBracketsOnlyInTheHostHeader() {
        assertEquals(new ClientConnector.Target(false, "::1", 9000, "[::1]:9000", "/?q"),
                ClientConnector.parse("ws://[::1]:9000/?q"));
    }

    @Test
    void badUrlsAreRefusedWithClearMessages() {
        assertEquals("A WebSocket URL starts with ws:// or wss:// but was 'https://x/'.",
                assertThrows(IllegalArgumentException.class, () -> ClientConnector.parse("https://x/")).getMessage());
        assertEquals("The WebSocket URL 'ws:///path' has no host.",
                assertThrows(IllegalArgumentException.class, () -> ClientConnector.parse("ws:///path")).getMessage());
        assertEquals("A WebSocket URL must not have a fragment (RFC 6455 section 3): 'ws://x/#f'.",
                assertThrows(IllegalArgumentException.class, () -> ClientConnector.parse("ws://x/#f")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientConnector.parse("ws://x/ bad"));
    }
}
