package dev.wscodec.api;

import java.util.List;
import java.util.Objects;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name and its
 * parameters in order, e.g. {@code permessage-deflate; client_max_window_bits}.
 *
 * @param name   the extension token
 * @param params the parameters; a parameter without value has a {@code null} value
 */
public record ExtensionParams(String name, List<Param> params) {

    /** A parameter; {@code value} is {@code null} when the parameter had none, unquoted otherwise. */
    public record Param(String name, String value) {
        public Param {
            Objects.requireNonNull(name, "name");
        }
    }

    public ExtensionParams {
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
    }

    public static ExtensionParams of(String name) {
        return new ExtensionParams(name, List.of());
    }

    /** Whether a parameter of this name is present (names compare case-insensitively). */
    public boolean has(String param) {
        return find(param) != null;
    }

    /** The value of the named parameter, or {@code null} if absent or valueless. */
    public String value(String param) {
        Param p = find(param);
        return p == null ? null : p.value();
    }

    private Param find(String param) {
        for (Param p : params) {
            if (p.name().equalsIgnoreCase(param)) {
                return p;
            }
        }
        return null;
    }

    /** The header form, e.g. {@code permessage-deflate; server_max_window_bits=10}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        for (Param p : params) {
            sb.append("; ").append(p.name());
            if (p.value() != null) {
                sb.append('=').append(p.value());
            }
        }
        return sb.toString();
    }
}
