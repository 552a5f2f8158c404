package dev.wscodec.impl.handshake;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes HTTP responses (RFC 9112 §4, §6) and builds the error responses of a refused handshake. */
final class HttpResponses {

    private HttpResponses() {
    }

    /**
     * Status line, headers, {@code Content-Length} (replacing any given one) for every status that may carry a body
     * (not 1xx, 204, 304), the empty line, then the body. Header text is written as ISO-8859-1.
     *
     * @throws WsUsageException for a reason phrase with control characters, a body on a status that cannot carry
     *                          one, or a {@code Transfer-Encoding} header (the codec frames bodies by length)
     */
    static ByteBuffer encode(HttpResponse response) {
        return encode(response, false);
    }

    /**
     * As {@link #encode(HttpResponse)}, for the answer to a {@code HEAD} request when {@code head}: RFC 9110 section
     * 9.3.2 has the server send the header fields a {@code GET} would get, but no content. So the head carries the
     * {@code Content-Length} of the given body, which is not sent; with no body, a {@code Content-Length} header the
     * caller set (the length a {@code GET} would send, known without building the body) is kept as given.
     *
     * @throws WsUsageException as for {@link #encode(HttpResponse)}, or for a given {@code Content-Length} that is
     *                          not a decimal number (RFC 9110 section 8.6)
     */
    static ByteBuffer encode(HttpResponse response, boolean head) {
        int status = response.status();
        String reason = response.reason();
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            // RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                throw new WsUsageException("The reason phrase of an HTTP response must not hold control or "
                        + "non-Latin-1 characters (RFC 9112 section 4).");
            }
        }
        ByteBuffer body = response.body();
        // RFC 9110 §8.6: no Content-Length (and no body) in 1xx and 204 responses; 304 has no body either.
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
        if (head && mayHaveBody && !body.hasRemaining() && given != null) {
            // RFC 9110 §8.6: Content-Length = 1*DIGIT
            if (given.isEmpty() || given.length() > 18 || !given.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new WsUsageException("The Content-Length of a response to HEAD must be a decimal number of "
                        + "bytes (RFC 9110 section 8.6) but was '" + given + "'.");
            }
            length = given;
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        for (HttpHeaders.Field f : response.headers().fields()) {
            if (mayHaveBody && f.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        if (mayHaveBody) {
            sb.append("Content-Length: ").append(length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int content = head ? 0 : body.remaining();   // RFC 9110 §9.3.2: no content in the answer to HEAD
        ByteBuffer out = ByteBuffer.allocate(bytes.length + content);
        out.put(bytes);
        if (!head) {
            out.put(body);
        }
        out.flip();
        return out;
    }

    /**
     * {@code response} with the {@code close} option in its {@code Connection} header (RFC 9112 section 9.6: a
     * server that closes after a response says so): appended to the options already named, else a new header.
     */
    static HttpResponse closing(HttpResponse response) {
        HttpHeaders headers = response.headers();
        if (headers.containsToken("Connection", "close")) {
            return response;
        }
        HttpHeaders.Builder b = HttpHeaders.builder();
        boolean added = false;
        for (HttpHeaders.Field f : headers.fields()) {
            if (!added && f.name().equalsIgnoreCase("Connection")) {
                b.add(f.name(), f.value().isBlank() ? "close" : f.value() + ", close");
                added = true;
            } else {
                b.add(f.name(), f.value());
            }
        }
        if (!added) {
            b.add("Connection", "close");
        }
        return new HttpResponse(response.status(), response.reason(), b.build(), response.body());
    }

    /** The response refusing a handshake that broke {@code e.violation()}; see {@link ServerHandshaker#errorResponse}. */
    static HttpResponse errorResponse(WsProtocolException e) {
        Violation v = e.violation();
        if (v.httpStatus() == 0) {
            throw new IllegalArgumentException("The violation " + v + " is not about a request head and has no "
                    + "HTTP status.");
        }
        HttpHeaders.Builder h = HttpHeaders.builder();
        if (v == Violation.UNSUPPORTED_VERSION) {
            h.add("Sec-WebSocket-Version", "13"); // RFC 6455 §4.2.2 item 4: name the versions spoken
        } else if (v == Violation.METHOD_NOT_GET) {
            h.add("Allow", "GET"); // RFC 9110 §15.5.6: a 405 lists the allowed methods
        }
        h.add("Connection", "close");
        String message = e.getMessage() == null ? v.name() : e.getMessage();
        return HttpResponse.of(v.httpStatus(), h.build(), "text/plain; charset=utf-8", message + "\n");
    }
}
