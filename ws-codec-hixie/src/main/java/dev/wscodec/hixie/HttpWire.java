package dev.wscodec.hixie;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes HTTP heads: the requests and responses of the handshake, and the error responses of a refused one. */
final class HttpWire {

    private HttpWire() {
    }

    /**
     * A response as the RFC 6455 codec writes it: status line, headers, {@code Content-Length} for every status
     * that may carry a body, the empty line, the body. For the answer to a {@code HEAD} request ({@code forHead}), RFC
     * 9110 section 9.3.2 has the server send the header fields a {@code GET} would get, but no content: the head
     * carries the {@code Content-Length} of the given body, which is not sent; with no body, a {@code
     * Content-Length} header the caller set is kept as given.
     *
     * @throws WsUsageException for a reason phrase with control characters, a body on a status that cannot carry
     *                          one, a {@code Transfer-Encoding} header, or a {@code Content-Length} given for a
     *                          {@code HEAD} that is not a decimal number (RFC 9110 section 8.6)
     */
    static ByteBuffer encode(HttpResponse response, boolean forHead) {
        int status = response.status();
        checkText("reason phrase", response.reason());
        ByteBuffer body = response.body();
        boolean mayHaveBody = status >= 200 && status != 204 && status != 304;
        if (!mayHaveBody && body.hasRemaining()) {
            throw new WsUsageException("An HTTP " + status + " response cannot carry a body (RFC 9110 section 6.4.1).");
        }
        if (response.headers().contains("Transfer-Encoding")) {
            throw new WsUsageException("The codec sends bodies with Content-Length; a Transfer-Encoding header is "
                    + "not supported in a handshake response.");
        }
        String length = String.valueOf(body.remaining());
        String given = response.headers().get("Content-Length");
        if (forHead && mayHaveBody && !body.hasRemaining() && given != null) {
            // RFC 9110 section 8.6: Content-Length = 1*DIGIT
            if (given.isEmpty() || given.length() > 18 || !given.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new WsUsageException("The Content-Length of a response to HEAD must be a decimal number of "
                        + "bytes (RFC 9110 section 8.6) but was '" + HeadReader.quote(given) + "'.");
            }
            length = given;
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(response.reason()).append("\r\n");
        for (HttpHeaders.Field f : response.headers().fields()) {
            if (!(mayHaveBody && f.name().equalsIgnoreCase("Content-Length"))) {
                field(sb, f.name(), f.value());
            }
        }
        if (mayHaveBody) {
            sb.append("Content-Length: ").append(length).append("\r\n");
        }
        // RFC 9110 section 9.3.2: no content in the answer to HEAD
        return head(sb, forHead ? ByteBuffer.allocate(0) : body);
    }

    /**
     * A head followed by raw bytes that are not an HTTP body in the usual sense: the 16-byte answer of a
     * draft-hixie-76 {@code 101} response, or the 8-byte key after its request. No {@code Content-Length}.
     */
    static ByteBuffer headThen(String startLine, HttpHeaders headers, byte[] tail) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(startLine).append("\r\n");
        for (HttpHeaders.Field f : headers.fields()) {
            field(sb, f.name(), f.value());
        }
        return head(sb, ByteBuffer.wrap(tail));
    }

    /**
     * The refusal of a handshake that broke {@code e.violation()}: its status, Connection: close, the message as a
     * short text body; for a {@code HEAD} request ({@code head}), the same head without the body (RFC 9110 section
     * 9.3.2), as for the answers of the application.
     */
    static ByteBuffer errorResponse(WsProtocolException e, boolean head) {
        Violation v = e.violation();
        HttpHeaders.Builder h = HttpHeaders.builder();
        if (v == Violation.METHOD_NOT_GET) {
            h.add("Allow", "GET"); // RFC 9110 §15.5.6: a 405 lists the allowed methods
        }
        h.add("Connection", "close");
        String message = e.getMessage() == null ? v.name() : e.getMessage();
        return encode(HttpResponse.of(v.httpStatus(), h.build(), "text/plain; charset=utf-8", message + "\n"), head);
    }

    private static void field(StringBuilder sb, String name, String value) {
        checkText("header field " + name, value);
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static ByteBuffer head(StringBuilder sb, ByteBuffer tail) {
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(head.length + tail.remaining());
        out.put(head).put(tail).flip();
        return out;
    }

    /** RFC 9112 §4, §5.5: no control characters (but HTAB) and nothing beyond Latin-1 in a head. */
    private static void checkText(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                throw new WsUsageException("The " + what + " must not hold control or non-Latin-1 characters "
                        + "(RFC 9112 section 5.5).");
            }
        }
    }
}
