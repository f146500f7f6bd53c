package dev.outbound.config.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * One page of changes and the cursor that follows it. Immutable (the list is copied; the records are not).
 *
 * @param records changed records, in the order the source returned them
 * @param next the cursor after these records; stored only once they were handed off
 * @param hasMore whether the source has more changes right away (the scheduler asks again within the same poll)
 */
public record ChangePage(List<JsonNode> records, Cursor next, boolean hasMore) {

    public ChangePage {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        Objects.requireNonNull(next, "next");
    }
}
