package dev.outbound.config;

/** Which way records flow for an integration. */
public enum SyncDirection {
    /** From the provider into the application. */
    INBOUND,
    /** From the application to the provider. */
    OUTBOUND,
    /** Both ways. */
    BIDIRECTIONAL
}
