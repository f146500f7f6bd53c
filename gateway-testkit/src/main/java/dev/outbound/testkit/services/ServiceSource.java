package dev.outbound.testkit.services;

/** Where a service a test uses comes from. */
public enum ServiceSource {
    /** The machine's own service on its standard port (development machines and CI here). */
    LOCAL,
    /** A container that Testcontainers started because the local service was not there. */
    CONTAINER
}
