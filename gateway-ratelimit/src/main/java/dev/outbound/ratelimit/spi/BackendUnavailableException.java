package dev.outbound.ratelimit.spi;

/**
 * Thrown by a {@link RateLimitBackend} whose store cannot be reached or did not answer in time. The limiter turns
 * it into its configured fail-closed or fall-back behaviour; callers of the limiter never see it.
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
