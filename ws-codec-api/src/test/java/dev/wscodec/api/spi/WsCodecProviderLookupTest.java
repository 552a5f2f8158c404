package dev.wscodec.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one static lookup: finds a provider by name through ServiceLoader, or names those it found. */
class WsCodecProviderLookupTest {

    @Test
    void findsARegisteredProviderByName() {
        assertInstanceOf(FakeProvider.class, WsCodecProvider.lookup("fake"));
    }

    @Test
    void aMissingNameListsTheProvidersFound() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WsCodecProvider.lookup("rfc6455"));
        assertEquals("No WebSocket codec provider named 'rfc6455' was found; found: fake ("
                + FakeProvider.class.getName() + ").", e.getMessage());
    }
}
