package dev.outbound.config;

/**
 * Which way records flow for an integration, and so which calls a {@link ConfiguredClient} lets it make.
 *
 * <p>Only {@link #INBOUND} restricts calls. An outbound integration still reads: finding the provider's id of a
 * record before updating it, or checking what changed, is part of writing, so the direction constrains where records
 * go, not which HTTP methods carry them.
 */
public enum SyncDirection {
    /** From the provider into the application: reads only. Writes are refused before anything is sent. */
    INBOUND,
    /** From the application to the provider: reads (lookups before writing) and writes. */
    OUTBOUND,
    /** Both ways. */
    BIDIRECTIONAL;

    /** The document's spelling, e.g. {@code inbound}. */
    String documentName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
