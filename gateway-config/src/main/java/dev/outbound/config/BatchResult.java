package dev.outbound.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RecordProcessor} made of a batch. Every record of the batch is in exactly one count: mapped, filtered
 * out, failed (kept with its reason, never dropped silently), or not attempted because the batch halted before it;
 * {@link #total()} is their sum. Immutable and thread-safe; {@link #toString()} gives the counts, never a record.
 *
 * @param mapped target records, in source order
 * @param filteredOut records the filter left out (skipped on purpose)
 * @param failed records that could not be filtered or mapped
 * @param notAttempted records after the failure a halted batch stopped at
 * @param halted true if the integration's preference is {@link ErrorPreference#HALT} and a record failed
 * @param warnings run-level findings that fail no record but leave targets empty, e.g. {@code source 'Emial' of
 *                 mapping 1 was absent from all 120 records}; configuration names only, never a record's value
 */
public record BatchResult(List<ObjectNode> mapped, int filteredOut, List<FailedRecord> failed, int notAttempted,
                          boolean halted, List<String> warnings) {

    public BatchResult {
        mapped = List.copyOf(Objects.requireNonNull(mapped, "mapped"));
        failed = List.copyOf(Objects.requireNonNull(failed, "failed"));
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        if (filteredOut < 0 || notAttempted < 0) {
            throw new IllegalArgumentException("counts must not be negative, were filteredOut=" + filteredOut
                    + ", notAttempted=" + notAttempted);
        }
    }

    /** A result with no warnings. */
    public BatchResult(List<ObjectNode> mapped, int filteredOut, List<FailedRecord> failed, int notAttempted,
                       boolean halted) {
        this(mapped, filteredOut, failed, notAttempted, halted, List.of());
    }

    /** How many records the batch had. */
    public int total() {
        return mapped.size() + filteredOut + failed.size() + notAttempted;
    }

    /** E.g. {@code halted: 42 mapped, 0 filtered out, 1 failed, 57 not attempted of 100}. */
    @Override
    public String toString() {
        return (halted ? "halted" : "done") + ": " + mapped.size() + " mapped, " + filteredOut + " filtered out, "
                + failed.size() + " failed, " + notAttempted + " not attempted of " + total()
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
    }

    /**
     * One record that failed.
     *
     * @param index its position in the batch
     * @param reason why: the filter, or the mapping (sources, target) and transform that failed, made safe
     */
    public record FailedRecord(int index, String reason) {
        public FailedRecord {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
