package dev.outbound.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * What {@link RecordProcessor#processRecord} made of one source record: mapped, filtered out, or failed with a
 * reason. There is no fourth way for a record to end. Immutable and thread-safe (a mapped record is the caller's to
 * use; it shares no node with the source record).
 */
public sealed interface RecordOutcome {

    /**
     * The record passed the filter and was mapped.
     *
     * @param record the target record
     */
    record Mapped(ObjectNode record) implements RecordOutcome {
        public Mapped {
            Objects.requireNonNull(record, "record");
        }

        /** Names the outcome only: the record may hold personal data or secrets. */
        @Override
        public String toString() {
            return "Mapped[" + record.size() + " fields]";
        }
    }

    /** The filter left the record out: it is skipped on purpose, not lost. */
    record FilteredOut() implements RecordOutcome {
    }

    /**
     * The record could not be filtered or mapped.
     *
     * @param reason why, naming the filter or the mapping (sources, target) and the transform; one line, bounded,
     *               with no secret and no record value beyond what a transform's own message said, made safe
     */
    record Failed(String reason) implements RecordOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
