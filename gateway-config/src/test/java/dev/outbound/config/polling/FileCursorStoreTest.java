package dev.outbound.config.polling;

import dev.outbound.config.spi.CursorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FileCursorStoreTest extends CursorStoreContract {

    @TempDir
    Path dir;
    private CursorStore store;

    @Override
    CursorStore store() {
        if (store == null) {
            store = new FileCursorStore(dir);
        }
        return store;
    }

    @Override
    CursorStore reopened() {
        return new FileCursorStore(dir);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        store().compareAndSet(KEY, Optional.empty(), FIRST);
        store().compareAndSet(KEY, Optional.of(FIRST), SECOND);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("salesforce-contacts.cursor");
        }
    }
}
