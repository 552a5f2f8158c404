package dev.wscodec.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP response: the {@code 101 Switching Protocols} that completes a handshake, or a refusal such as
 * {@code 400 Bad Request}, {@code 403 Forbidden} or {@code 426 Upgrade Required}, or a plain page served on
 * the WebSocket port.
 *
 * @param status  the status code
 * @param reason  the reason phrase
 * @param headers the header fields; {@code Content-Length} is added when the response is encoded with a body
 * @param body    the body, read-only; empty for none
 */
public record HttpResponse(int status, String reason, HttpHeaders headers, ByteBuffer body) {

    private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public HttpResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("An HTTP status must have three digits but was " + status + ".");
        }
        Objects.requireNonNull(reason, "reason");
        String standard = reasonPhrase(status);
        reason = reason.equals(standard) ? standard : reason; // share the usual phrase instead of a parsed copy
        Objects.requireNonNull(headers, "headers");
        body = body == null ? NO_BODY : body.asReadOnlyBuffer();
    }

    /** A response with the standard reason phrase and no body. */
    public static HttpResponse of(int status) {
        return new HttpResponse(status, reasonPhrase(status), HttpHeaders.EMPTY, null);
    }

    /** A response with a UTF-8 text body of the given media type. */
    public static HttpResponse of(int status, HttpHeaders headers, String contentType, String body) {
        HttpHeaders h = headers.toBuilder().set("Content-Type", contentType).build();
        return new HttpResponse(status, reasonPhrase(status), h,
                ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The body as a fresh read-only view (its position can be moved freely). */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /** The standard reason phrase for the status codes a WebSocket server uses, else {@code "Status"}. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
