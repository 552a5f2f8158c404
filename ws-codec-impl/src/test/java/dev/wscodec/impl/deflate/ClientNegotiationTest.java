package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.encode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.offer;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client side of RFC 7692 §5.1 and §7.1: the offer sent and the checks of the server's answer. */
class ClientNegotiationTest {

    private static final DeflateConfig DEFAULT = DeflateConfig.DEFAULT;
    private static final byte[] TEXT = ("A message that is long enough to be compressed, repeated: "
            + "a message that is long enough to be compressed.").getBytes(US_ASCII);

    private static WsProtocolException refused(DeflateConfig config, String... response) {
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> new PerMessageDeflateFactory(config).acceptResponse(offer(response), Role.CLIENT));
        assertEquals(Violation.UNOFFERED_EXTENSION, e.violation());
        assertEquals(1010, e.closeCode());
        return e;
    }

    @Test
    void theDefaultOfferAllowsTheServerToLimitTheClientWindow() {
        assertEquals("[permessage-deflate; client_max_window_bits]",
                new PerMessageDeflateFactory(DEFAULT).clientOffers().toString());
    }

    @Test
    void theOfferCarriesEveryConfiguredParameter() {
        DeflateConfig config = DEFAULT.withServerNoContextTakeover(true).withClientNoContextTakeover(true)
                .withServerMaxWindowBits(10).withClientMaxWindowBits(9);
        assertEquals("[permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=10; client_max_window_bits=9]",
                new PerMessageDeflateFactory(config).clientOffers().toString());
    }

    @Test
    void aPlainAnswerKeepsContextTakeoverBothWays() {
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT);
        assertEquals("permessage-deflate", client.params().toString());
        byte[] first = encode(client, TEXT);
        byte[] second = encode(client, TEXT);
        assertTrue(second.length < first.length, "the second message refers to the first");
        assertTrue(client.holdsNativeMemory(), "the deflater is kept for the next message");
        client.release();
        assertFalse(client.holdsNativeMemory());
    }

    @Test
    void clientNoContextTakeoverInTheAnswerIsObeyedEvenIfNotOffered() {
        // RFC 7692 §7.1.1.2: the server may add it.
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT, "client_no_context_takeover");
        assertArrayEquals(encode(client, TEXT), encode(client, TEXT));
        assertFalse(client.holdsNativeMemory());
        client.release();
    }

    @Test
    void serverNoContextTakeoverMayBeAddedByTheServer() {
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT, "server_no_context_takeover");
        assertEquals("permessage-deflate; server_no_context_takeover", client.params().toString());
        client.release();
    }

    @Test
    void anAnsweredClientWindowBelow15MakesTheClientSendUncompressed() {
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT, "client_max_window_bits=10");
        assertFalse(client.compresses());
        assertNull(encode(client, TEXT));
        client.release();
        PerMessageDeflate full = DeflateTestSupport.client(DEFAULT, "client_max_window_bits=15");
        assertTrue(full.compresses());
        full.release();
    }

    @Test
    void aClientConfiguredBelow15SendsUncompressedWhateverTheAnswer() {
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT.withClientMaxWindowBits(12));
        assertFalse(client.compresses());
        client.release();
    }

    @Test
    void anUnaskedServerWindowIsAccepted() {
        // RFC 7692 §7.1.2.1: the server MAY announce server_max_window_bits unasked; we inflate with 15 bits anyway.
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT, "server_max_window_bits=9");
        assertTrue(client.compresses());
        client.release();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "foo | The server's permessage-deflate answer 'permessage-deflate; foo' is invalid: "
                    + "The permessage-deflate parameter 'foo' is not defined by RFC 7692.",
            "server_no_context_takeover;server_no_context_takeover | The server's permessage-deflate answer "
                    + "'permessage-deflate; server_no_context_takeover; server_no_context_takeover' is invalid: "
                    + "The permessage-deflate parameter 'server_no_context_takeover' appears more than once.",
            "client_max_window_bits | The server's permessage-deflate answer 'permessage-deflate; "
                    + "client_max_window_bits' is invalid: The permessage-deflate parameter 'client_max_window_bits' "
                    + "needs a value from 8 to 15.",
            "server_max_window_bits=16 | The server's permessage-deflate answer 'permessage-deflate; "
                    + "server_max_window_bits=16' is invalid: The permessage-deflate parameter "
                    + "'server_max_window_bits' has the value '16' but must be a number from 8 to 15 without "
                    + "leading zeros.",
            "client_no_context_takeover=yes | The server's permessage-deflate answer 'permessage-deflate; "
                    + "client_no_context_takeover=yes' is invalid: The permessage-deflate parameter "
                    + "'client_no_context_takeover' must not have a value but has 'yes'."})
    void anInvalidAnswerFailsTheConnection(String params, String message) {
        assertEquals(message, refused(DEFAULT, params.split(";")).getMessage());
    }

    @Test
    void anAskedServerWindowMustBeAnsweredWithAtMostItsValue() {
        DeflateConfig config = DEFAULT.withServerMaxWindowBits(10);
        assertEquals("The server accepted permessage-deflate without a server_max_window_bits of at most 10 as the "
                + "client asked; it answered 'permessage-deflate'.", refused(config).getMessage());
        refused(config, "server_max_window_bits=12");
        WsExtension ok = new PerMessageDeflateFactory(config)
                .acceptResponse(offer("server_max_window_bits=9"), Role.CLIENT);
        ok.release();
    }

    @Test
    void anAskedServerNoContextTakeoverMustBeAnswered() {
        assertEquals("The server accepted permessage-deflate without the server_no_context_takeover the client "
                + "asked for.", refused(DEFAULT.withServerNoContextTakeover(true)).getMessage());
    }

    @Test
    void theClientWindowMayNotExceedTheOfferedOne() {
        assertEquals("The server answered permessage-deflate with client_max_window_bits=12 but the client offered "
                + "at most 10.", refused(DEFAULT.withClientMaxWindowBits(10), "client_max_window_bits=12").getMessage());
        PerMessageDeflate ok = DeflateTestSupport.client(DEFAULT.withClientMaxWindowBits(10), "client_max_window_bits=8");
        assertFalse(ok.compresses());
        ok.release();
    }

    @Test
    void differentConfigsGiveDifferentOffers() {
        assertNotEquals(new PerMessageDeflateFactory(DEFAULT).clientOffers(),
                new PerMessageDeflateFactory(DEFAULT.withClientNoContextTakeover(true)).clientOffers());
    }
}
