package dev.wscodec.impl;

import dev.wscodec.api.Role;
import dev.wscodec.api.WsEngine.State;
import dev.wscodec.api.WsUsageException;

/** The engine calls that do not fit the connection's state, refused with {@link WsUsageException}. */
final class UsageRules {

    private UsageRules() {
    }

    /** Frames can be sent while the connection is open, and not after this side's close frame. */
    static void checkCanSend(State state) {
        switch (state) {
            case OPEN:
                return;
            case CLOSING:
                throw new WsUsageException("A close frame was already sent, so nothing more can be sent on this "
                        + "connection (RFC 6455 section 5.5.1).");
            case CLOSED:
                throw new WsUsageException("The connection is closed, so nothing more can be sent on it.");
            default:
                throw new WsUsageException("The connection is not open yet; frames can be sent once the opening "
                        + "handshake has completed.");
        }
    }

    /** Only a server that reported an upgrade request can {@code what} ("accept" or "reject") it. */
    static void checkDecision(Role role, State state, String what) {
        if (role != Role.SERVER) {
            throw new WsUsageException("Only a server engine can " + what + " an opening handshake.");
        }
        if (state != State.AWAITING_DECISION) {
            throw new WsUsageException("There is no pending request to " + what + "; the engine is " + state + ".");
        }
    }
}
