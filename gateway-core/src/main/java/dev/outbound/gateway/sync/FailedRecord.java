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
            sb.append(unprintable(c) ? '?' : c);
        }
        return sb.toString();
    }

    /** Characters that end or reorder a log line: controls, line and paragraph separators, bidi and other formats. */
    private static boolean unprintable(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }
}
