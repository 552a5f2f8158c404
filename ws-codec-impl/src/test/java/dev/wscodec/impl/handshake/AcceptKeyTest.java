package dev.wscodec.impl.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptKeyTest {

    @Test
    void computesTheRfc6455Section13Example() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.compute("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void acceptValueHasNoTrailingNewline() {
        // The seeds' bug: base64.encodestring added "\n" to the accept value.
        String accept = AcceptKey.compute("x3JJHMbDL1EzLkh9GBhXDw==");
        assertEquals(28, accept.length());
        assertEquals("HSmrc0sMlYUkAGmm5OPpG2HaGWk=", accept);
        assertFalse(accept.contains("\n") || accept.contains("\r"));
    }

    @Test
    void encodesSixteenByteKeys() {
        byte[] nonce = "the sample nonce".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", AcceptKey.encodeKey(nonce));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AcceptKey.encodeKey(new byte[15]));
        assertEquals("A Sec-WebSocket-Key is made of exactly 16 bytes but 15 were given.", e.getMessage());
    }

    @Test
    void validKeysArePaddedBase64OfSixteenBytes() {
        assertTrue(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(AcceptKey.isValidKey("AAAAAAAAAAAAAAAAAAAAAA=="));
        assertTrue(AcceptKey.isValidKey("+/+/+/+/+/+/+/+/+/+/+w=="));
    }

    @Test
    void invalidKeysAreRejected() {
        assertFalse(AcceptKey.isValidKey(null));
        assertFalse(AcceptKey.isValidKey(""));
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ"), "unpadded");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ="), "short padding");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ==="), "too long");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZ==="), "15 bytes");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=A"), "bad padding");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub2 jZQ=="), "space inside");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub2-jZQ=="), "url-safe alphabet");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZXk="), "17 bytes");
    }
}
