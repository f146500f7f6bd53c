package dev.outbound.errors;

import java.util.Objects;

/**
 * Thrown by a call that did not succeed. It carries the normalized {@link ErrorEnvelope}; its message is the
 * envelope's one-line {@link ErrorEnvelope#summary() summary}, which never contains a secret. The envelope is
 * immutable, so the exception can be shared between threads like any other.
 */
public class IntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorEnvelope envelope;

    public IntegrationException(ErrorEnvelope envelope) {
        this(envelope, null);
    }

    public IntegrationException(ErrorEnvelope envelope, Throwable cause) {
        super(Objects.requireNonNull(envelope, "envelope").summary(), cause);
        this.envelope = envelope;
    }

    public ErrorEnvelope envelope() {
        return envelope;
    }

    public ErrorCategory category() {
        return envelope.category();
    }
}
