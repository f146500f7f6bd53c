package dev.outbound.config.polling;

import dev.outbound.config.ConfigKey;
import dev.outbound.config.spi.Cursor;
import dev.outbound.config.spi.CursorStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link CursorStore} backend must do. */
abstract class CursorStoreContract {

    static final ConfigKey KEY = ConfigKey.of("acme", "salesforce-contacts");
    static final Cursor FIRST = Cursor.ofInstant(Instant.parse("2026-01-01T00:00:00Z"));
    static final Cursor SECOND = Cursor.ofToken("delta-token-2");

    abstract CursorStore store();

    /** The same backend as seen by a process started later. */
    abstract CursorStore reopened();

    @Test
    void startsEmptyAndStoresTheFirstCursor() {
        assertThat(store().load(KEY)).isEmpty();
        assertThat(store().compareAndSet(KEY, Optional.empty(), FIRST)).isTrue();
        assertThat(store().load(KEY)).contains(FIRST);
        assertThat(store().load(ConfigKey.of("acme", "other"))).isEmpty();
    }

    @Test
    void movesOnlyFromTheExpectedCursor() {
        store().compareAndSet(KEY, Optional.empty(), FIRST);
        assertThat(store().compareAndSet(KEY, Optional.empty(), SECOND)).isFalse();
        assertThat(store().compareAndSet(KEY, Optional.of(SECOND), SECOND)).isFalse();
        assertThat(store().load(KEY)).contains(FIRST);
        assertThat(store().compareAndSet(KEY, Optional.of(FIRST), SECOND)).isTrue();
        assertThat(store().load(KEY)).contains(SECOND);
    }

    @Test
    void survivesARestart() {
        store().compareAndSet(KEY, Optional.empty(), FIRST);
        store().compareAndSet(KEY, Optional.of(FIRST), SECOND);
        assertThat(reopened().load(KEY)).contains(SECOND);
    }
}
