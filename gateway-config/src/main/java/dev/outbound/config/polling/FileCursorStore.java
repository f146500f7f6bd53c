package dev.outbound.config.polling;

import dev.outbound.config.ConfigKey;
import dev.outbound.config.spi.Cursor;
import dev.outbound.config.spi.CursorStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CursorStore} on local files, one per integration ({@code <dir>/<customer>/<integration>.cursor}). Each
 * write goes to a temporary file that is forced to disk and then atomically renamed over the old one, so a crash
 * leaves either the old cursor or the new one, never a torn file. Compare-and-set holds within one JVM; for several
 * nodes use {@link PostgresCursorStore}. Thread-safe.
 */
public final class FileCursorStore implements CursorStore {

    private final Path directory;

    public FileCursorStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public synchronized Optional<Cursor> load(ConfigKey key) {
        Path file = file(key);
        try {
            return Optional.of(new Cursor(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the cursor of " + key, e);
        }
    }

    @Override
    public synchronized boolean compareAndSet(ConfigKey key, Optional<Cursor> expected, Cursor next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        if (!load(key).equals(expected)) {
            return false;
        }
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(ByteBuffer.wrap(next.value().getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the cursor of " + key, e);
        }
    }

    private Path file(ConfigKey key) {
        Objects.requireNonNull(key, "key");
        // ConfigKey's validation keeps both parts free of separators, so they are safe as path elements.
        return directory.resolve(key.customerId()).resolve(key.integration() + ".cursor");
    }
}
