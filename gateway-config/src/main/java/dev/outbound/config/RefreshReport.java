package dev.outbound.config;

import java.util.List;
import java.util.Objects;

/**
 * What one refresh of a {@link dev.outbound.config.spi.ConfigStore} changed. Rejected documents leave their last
 * valid version in force; they are reported once per change of their content. Immutable and thread-safe.
 *
 * @param loaded configurations accepted (new or changed)
 * @param removed configurations no longer present
 * @param rejected problems of documents that were not accepted, and of sources that could not be read
 */
public record RefreshReport(List<ConfigKey> loaded, List<ConfigKey> removed, List<ConfigProblem> rejected) {

    public RefreshReport {
        loaded = List.copyOf(Objects.requireNonNull(loaded, "loaded"));
        removed = List.copyOf(Objects.requireNonNull(removed, "removed"));
        rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected"));
    }

    /** Nothing changed and nothing was rejected. */
    public boolean isQuiet() {
        return loaded.isEmpty() && removed.isEmpty() && rejected.isEmpty();
    }
}
