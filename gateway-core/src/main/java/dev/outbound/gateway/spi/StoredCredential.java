package dev.outbound.gateway.spi;

import dev.outbound.gateway.Credential;
import java.time.Instant;
import java.util.Objects;

/**
 * A credential as read from a {@link CredentialStore}, with the version that a check-and-set write must name.
 * Its {@code toString} shows no secret (the credential's own does not). Immutable and thread-safe.
 *
 * @param credential the credential
 * @param version the store's version of it, increasing with every write
 * @param updatedAt when it was last written
 */
public record StoredCredential(Credential credential, long version, Instant updatedAt) {
    public StoredCredential {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }
}
