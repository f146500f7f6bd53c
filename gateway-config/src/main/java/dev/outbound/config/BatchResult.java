package dev.outbound.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RecordProcessor} made of a batch: the mapped records, how many the filter left out, the records that
 * failed with their reasons (kept, never dropped silently), and whether the batch halted at a failure. Immutable.
 *
 * @param mapped target records, in source order
 * @param filteredOut records the filter did not let through
 * @param failed records that could not be mapped
 * @param halted true if the integration's preference is {@link ErrorPreference#HALT} and a record failed; records
 *               after it were not processed
 */
public record BatchResult(List<ObjectNode> mapped, int filteredOut, List<FailedRecord> failed, boolean halted) {

    public BatchResult {
        mapped = List.copyOf(Objects.requireNonNull(mapped, "mapped"));
        failed = List.copyOf(Objects.requireNonNull(failed, "failed"));
    }

    /**
     * One record that failed.
     *
     * @param index its position in the batch
     * @param reason why, naming the mapping (never the record's values)
     */
    public record FailedRecord(int index, String reason) {
        public FailedRecord {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
