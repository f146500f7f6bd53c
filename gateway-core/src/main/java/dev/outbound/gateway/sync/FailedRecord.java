package dev.outbound.gateway.sync;

import dev.outbound.errors.ErrorEnvelope;
import java.util.Objects;

/**
 * One record a sync run could not write: its id in the source system and why. The id is kept as given, cut to 200
 * characters with control characters replaced; it is never used as a metric tag. Immutable and thread-safe.
 *
 * @param recordId the record's id
 * @param envelope the error that failed it
 */
public record FailedRecord(String recordId, ErrorEnvelope envelope) {
    static final int MAX_ID_LENGTH = 200;

    public FailedRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(envelope, "envelope");
        recordId = clean(recordId);
    }

    static String clean(String id) {
        StringBuilder sb = new StringBuilder(Math.min(id.length(), MAX_ID_LENGTH));
        for (int i = 0; i < id.length() && sb.length() < MAX_ID_LENGTH; i++) {
            char c = id.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }
}
