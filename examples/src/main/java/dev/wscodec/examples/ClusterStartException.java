package dev.wscodec.examples;

/** This node could not start or join its cluster; the message says why and what to check. */
final class ClusterStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
