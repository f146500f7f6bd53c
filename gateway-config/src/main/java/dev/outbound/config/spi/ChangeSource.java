package dev.outbound.config.spi;

/**
 * Asks a provider for what changed since a cursor, in whatever way the provider supports: a last-modified filter
 * ({@code SystemModstamp > :from and <= :until}), a change token, a delta query. One implementation per provider
 * adapter; it calls through the gateway like any other request. Must be thread-safe, and must not advance anything
 * itself: the scheduler stores the returned cursor only after the records were handed off.
 */
@FunctionalInterface
public interface ChangeSource {

    /**
     * Fetches one page of changes.
     *
     * @throws RuntimeException (typically an {@code IntegrationException}) when the provider cannot answer; the
     *                          cursor stays where it was
     */
    ChangePage fetch(ChangeRequest request);
}
