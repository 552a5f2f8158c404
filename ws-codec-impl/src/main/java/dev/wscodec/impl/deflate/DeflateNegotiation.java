package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateParams.ABSENT;
import static dev.wscodec.impl.deflate.DeflateParams.CLIENT_MAX_WINDOW_BITS;
import static dev.wscodec.impl.deflate.DeflateParams.CLIENT_NO_CONTEXT_TAKEOVER;
import static dev.wscodec.impl.deflate.DeflateParams.NO_VALUE;
import static dev.wscodec.impl.deflate.DeflateParams.SERVER_MAX_WINDOW_BITS;
import static dev.wscodec.impl.deflate.DeflateParams.SERVER_NO_CONTEXT_TAKEOVER;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.util.ArrayList;
import java.util.List;

/** The negotiation rules of RFC 7692 §5-7 for both roles, from a {@link DeflateConfig}. */
final class DeflateNegotiation {

    private static final int MAX = DeflateConfig.MAX_WINDOW_BITS;

    private DeflateNegotiation() {
    }

    /** Client: the offer this configuration sends (RFC 7692 §5, §7.1). */
    static ExtensionParams clientOffer(DeflateConfig config) {
        List<ExtensionParams.Param> params = new ArrayList<>(4);
        if (config.serverNoContextTakeover()) {
            params.add(new ExtensionParams.Param(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (config.clientNoContextTakeover()) {
            params.add(new ExtensionParams.Param(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (config.serverMaxWindowBits() < MAX) {
            params.add(new ExtensionParams.Param(SERVER_MAX_WINDOW_BITS,
                    Integer.toString(config.serverMaxWindowBits())));
        }
        // RFC 7692 §7.1.2.2: always tell the server that it may limit our window; with a value, we promise to stay
        // within it whatever the server answers.
        params.add(new ExtensionParams.Param(CLIENT_MAX_WINDOW_BITS,
                config.clientMaxWindowBits() < MAX ? Integer.toString(config.clientMaxWindowBits()) : null));
        return new ExtensionParams(DeflateParams.NAME, params);
    }

    /** Server: accepts a valid offer (never declines one; small windows make this side send uncompressed). */
    static Negotiated acceptOffer(DeflateConfig config, DeflateParams offer) {
        // RFC 7692 §7.1.1.1: an offered server_no_context_takeover is accepted by repeating it; the server may
        // also add it on its own.
        boolean serverNoCtx = offer.serverNoContextTakeover() || config.serverNoContextTakeover();
        // RFC 7692 §7.1.1.2: the server may add client_no_context_takeover, and may use an offered one "to avoid
        // taking over the LZ77 sliding window unnecessarily" - repeating it lets this side keep no inflater.
        boolean clientNoCtx = offer.clientNoContextTakeover() || config.clientNoContextTakeover();
        // RFC 7692 §7.1.2.1: answer an offered server_max_window_bits with the same or a smaller value; the server
        // may also announce one that was not offered.
        int offeredServerBits = offer.serverMaxWindowBits() == ABSENT ? MAX : offer.serverMaxWindowBits();
        int serverBits = Math.min(offeredServerBits, config.serverMaxWindowBits());
        boolean answerServerBits = offer.serverMaxWindowBits() != ABSENT || serverBits < MAX;
        // RFC 7692 §7.1.2.2: client_max_window_bits may only be answered when offered, with at most its value.
        int clientBits = ABSENT;
        if (offer.clientMaxWindowBits() != ABSENT) {
            int limit = offer.clientMaxWindowBits() == NO_VALUE ? MAX : offer.clientMaxWindowBits();
            int wanted = Math.min(limit, config.clientMaxWindowBits());
            clientBits = wanted < MAX ? wanted : ABSENT;
        }
        List<ExtensionParams.Param> params = new ArrayList<>(4);
        if (serverNoCtx) {
            params.add(new ExtensionParams.Param(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoCtx) {
            params.add(new ExtensionParams.Param(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (answerServerBits) {
            params.add(new ExtensionParams.Param(SERVER_MAX_WINDOW_BITS, Integer.toString(serverBits)));
        }
        if (clientBits != ABSENT) {
            params.add(new ExtensionParams.Param(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientBits)));
        }
        return new Negotiated(serverNoCtx, clientNoCtx, serverBits,
                new ExtensionParams(DeflateParams.NAME, params));
    }

    /**
     * Client: checks the server's answer against the offer sent (RFC 7692 §5.1, §7.1).
     *
     * @throws WsProtocolException ({@link Violation#UNOFFERED_EXTENSION}) when the answer does not fit the offer
     */
    static Negotiated acceptResponse(ExtensionParams offerSent, ExtensionParams response) {
        DeflateParams offer;
        DeflateParams answer;
        try {
            offer = DeflateParams.parse(offerSent, true);
            answer = DeflateParams.parse(response, false);
        } catch (DeflateParams.InvalidException e) {
            throw fail("The server's permessage-deflate answer '" + response + "' is invalid: " + e.getMessage());
        }
        // RFC 7692 §7.1.1.1: a server accepts an offered server_no_context_takeover by including it.
        if (offer.serverNoContextTakeover() && !answer.serverNoContextTakeover()) {
            throw fail("The server accepted permessage-deflate without the server_no_context_takeover the client "
                    + "asked for.");
        }
        // RFC 7692 §7.1.2.1: an offered server_max_window_bits is accepted with the same or a smaller value.
        if (offer.serverMaxWindowBits() != ABSENT && (answer.serverMaxWindowBits() == ABSENT
                || answer.serverMaxWindowBits() > offer.serverMaxWindowBits())) {
            throw fail("The server accepted permessage-deflate without a server_max_window_bits of at most "
                    + offer.serverMaxWindowBits() + " as the client asked; it answered '" + response + "'.");
        }
        // RFC 7692 §7.1.2.2: client_max_window_bits only when offered, and not above an offered value.
        int ownBits = MAX;
        if (offer.clientMaxWindowBits() > 0) {
            ownBits = offer.clientMaxWindowBits();
        }
        if (answer.clientMaxWindowBits() != ABSENT) {
            if (offer.clientMaxWindowBits() == ABSENT) {
                throw fail("The server answered permessage-deflate with client_max_window_bits, which the client "
                        + "did not offer.");
            }
            if (answer.clientMaxWindowBits() > ownBits) {
                throw fail("The server answered permessage-deflate with client_max_window_bits="
                        + answer.clientMaxWindowBits() + " but the client offered at most " + ownBits + ".");
            }
            ownBits = answer.clientMaxWindowBits();
        }
        return new Negotiated(answer.clientNoContextTakeover(), answer.serverNoContextTakeover(), ownBits, response);
    }

    private static WsProtocolException fail(String message) {
        return new WsProtocolException(Violation.UNOFFERED_EXTENSION, message);
    }
}
