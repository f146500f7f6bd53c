package dev.outbound.config.polling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.config.LoadedConfig;

import java.util.List;

/**
 * Takes a window's changed records off the scheduler's hands: maps them (see
 * {@link dev.outbound.config.RecordProcessor}), writes them, queues them. The cursor moves past the window only after
 * this returns normally; an exception leaves it where it was, and the same window is asked for again at the next poll.
 * A crash after this returns and before the cursor is stored also repeats the window, so hand-offs should be
 * idempotent (upsert by record id) or share a transaction with a {@code PostgresCursorStore}. Must be thread-safe if
 * the scheduler is driven from several threads.
 */
@FunctionalInterface
public interface ChangeHandler {

    void handle(LoadedConfig config, List<JsonNode> records) throws Exception;
}
