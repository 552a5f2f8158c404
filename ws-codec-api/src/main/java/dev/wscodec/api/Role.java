package dev.wscodec.api;

/** Which end of the connection an engine plays. Clients mask their frames; servers must not (RFC 6455 §5.1). */
public enum Role {
    CLIENT,
    SERVER
}
