package dev.wscodec.impl.deflate;

import dev.wscodec.api.ExtensionParams;

/**
 * The permessage-deflate parameters of one offer or response (RFC 7692 §7.1), parsed and checked.
 *
 * @param serverNoContextTakeover {@code server_no_context_takeover} is present
 * @param clientNoContextTakeover {@code client_no_context_takeover} is present
 * @param serverMaxWindowBits     the value of {@code server_max_window_bits}, or {@link #ABSENT}
 * @param clientMaxWindowBits     the value of {@code client_max_window_bits}, {@link #ABSENT}, or
 *                                {@link #NO_VALUE} (an offer without value: the client supports the parameter)
 */
record DeflateParams(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                     int serverMaxWindowBits, int clientMaxWindowBits) {

    static final String NAME = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    static final int ABSENT = 0;
    static final int NO_VALUE = -1;

    /** A parameter list that breaks RFC 7692 §7.1; the message is a full sentence. */
    static final class InvalidException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses the parameters of an offer ({@code offer} true) or of a server's response.
     *
     * @throws InvalidException for an unknown, repeated or badly valued parameter (RFC 7692 §5, §7.1)
     */
    static DeflateParams parse(ExtensionParams ext, boolean offer) throws InvalidException {
        boolean serverNoCtx = false;
        boolean clientNoCtx = false;
        int serverBits = ABSENT;
        int clientBits = ABSENT;
        for (ExtensionParams.Param p : ext.params()) {
            String name = p.name();
            String value = p.value();
            if (name.equalsIgnoreCase(SERVER_NO_CONTEXT_TAKEOVER)) {
                checkUnique(serverNoCtx, name);
                checkNoValue(name, value);
                serverNoCtx = true;
            } else if (name.equalsIgnoreCase(CLIENT_NO_CONTEXT_TAKEOVER)) {
                checkUnique(clientNoCtx, name);
                checkNoValue(name, value);
                clientNoCtx = true;
            } else if (name.equalsIgnoreCase(SERVER_MAX_WINDOW_BITS)) {
                checkUnique(serverBits != ABSENT, name);
                // RFC 7692 §7.1.2.1: server_max_window_bits always has a value, in an offer and in a response.
                serverBits = windowBits(name, value);
            } else if (name.equalsIgnoreCase(CLIENT_MAX_WINDOW_BITS)) {
                checkUnique(clientBits != ABSENT, name);
                // RFC 7692 §7.1.2.2: without a value only in an offer ("the client supports it").
                clientBits = value == null && offer ? NO_VALUE : windowBits(name, value);
            } else {
                // RFC 7692 §5: an offer with a parameter not defined for an offer is declined; a response with
                // one fails the connection (§5.1).
                throw new InvalidException("The permessage-deflate parameter '" + name
                        + "' is not defined by RFC 7692.");
            }
        }
        return new DeflateParams(serverNoCtx, clientNoCtx, serverBits, clientBits);
    }

    private static void checkUnique(boolean seen, String name) throws InvalidException {
        if (seen) {
            // RFC 7692 §5: "multiple extension parameters with the same name".
            throw new InvalidException("The permessage-deflate parameter '" + name + "' appears more than once.");
        }
    }

    private static void checkNoValue(String name, String value) throws InvalidException {
        if (value != null) {
            // RFC 7692 §7.1.1: the context-takeover parameters have no value.
            throw new InvalidException("The permessage-deflate parameter '" + name + "' must not have a value but has '"
                    + value + "'.");
        }
    }

    private static int windowBits(String name, String value) throws InvalidException {
        if (value == null) {
            throw new InvalidException("The permessage-deflate parameter '" + name + "' needs a value from 8 to 15.");
        }
        // RFC 7692 §7.1.2: "a decimal integer value without leading zeroes between 8 to 15, inclusive".
        int bits = switch (value) {
            case "8" -> 8;
            case "9" -> 9;
            case "10" -> 10;
            case "11" -> 11;
            case "12" -> 12;
            case "13" -> 13;
            case "14" -> 14;
            case "15" -> 15;
            default -> ABSENT;
        };
        if (bits == ABSENT) {
            throw new InvalidException("The permessage-deflate parameter '" + name + "' has the value '" + value
                    + "' but must be a number from 8 to 15 without leading zeros.");
        }
        return bits;
    }
}
