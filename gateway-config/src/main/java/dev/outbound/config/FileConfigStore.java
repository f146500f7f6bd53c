package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link ConfigStore} on a directory of documents ({@code *.json}, {@code *.yaml}, {@code *.yml}, in any
 * sub-directories up to {@value #MAX_DEPTH} deep; hidden files and editor backups ending in {@code ~} are ignored).
 * An operator adds a customer by adding a file.
 *
 * <p>{@link #refresh()} compares each file's content hash with the last one seen, so a change is noticed even
 * within the file system's timestamp resolution, and only changed files are parsed. A file that becomes invalid
 * (including one caught half-written) keeps its last valid version in force; a deleted file removes its
 * configuration. If the directory itself cannot be read, nothing is changed: a vanished mount must not unconfigure
 * every customer. Call {@link #refresh()} yourself, or {@link #startPolling(Duration)} for a background thread.
 * Thread-safe.
 */
public final class FileConfigStore implements ConfigStore {

    private static final Logger log = LoggerFactory.getLogger(FileConfigStore.class);
    static final int MAX_DEPTH = 4;

    private final Path directory;
    private final ConfigLoader loader;
    private final ConfigTracker tracker = new ConfigTracker();
    private final Object pollerLock = new Object();
    private ScheduledExecutorService poller;

    private FileConfigStore(Builder b) {
        this.directory = b.directory;
        this.loader = b.loader;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<LoadedConfig> find(ConfigKey key) {
        return tracker.find(Objects.requireNonNull(key, "key"));
    }

    @Override
    public List<LoadedConfig> all() {
        return tracker.all();
    }

    @Override
    public RefreshReport refresh() {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory, MAX_DEPTH)) {
            files = walk.filter(Files::isRegularFile).filter(FileConfigStore::isDocument).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return new RefreshReport(List.of(), List.of(), List.of(new ConfigProblem(ConfigProblem.UNKNOWN_CUSTOMER,
                    directory.toString(), "$", "directory could not be listed (" + e.getClass().getSimpleName()
                    + "); every configuration stays as it was")));
        }
        List<ConfigTracker.Candidate> candidates = new ArrayList<>();
        for (Path file : files) {
            String source = file.toString();
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                // Reported once; the tracker keeps its last valid version in force.
                ConfigProblem problem = new ConfigProblem(ConfigProblem.UNKNOWN_CUSTOMER, source, "$",
                        "file could not be read (" + e.getClass().getSimpleName() + ")");
                candidates.add(new ConfigTracker.Candidate(source, "unreadable", OptionalLong.empty(), () -> {
                    throw new ConfigValidationException(List.of(problem));
                }));
                continue;
            }
            ConfigLoader.Format format = ConfigLoader.Format.ofFileName(file.getFileName().toString()).orElseThrow();
            candidates.add(new ConfigTracker.Candidate(source, sha256(content), OptionalLong.empty(),
                    () -> loader.load(source, format, content)));
        }
        RefreshReport report = tracker.refresh(candidates);
        for (ConfigProblem problem : report.rejected()) {
            log.warn("configuration rejected, last valid version stays in force: {}", problem);
        }
        return report;
    }

    /**
     * Refreshes every {@code interval} on a daemon thread until {@link #close()}. Problems are logged; a refresh
     * that throws is logged and the next one still runs.
     *
     * @throws IllegalStateException if polling was started already
     */
    public void startPolling(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        synchronized (pollerLock) {
            if (poller != null) {
                throw new IllegalStateException("polling of " + directory + " was started already");
            }
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "outbound-config-poller");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    log.error("refreshing configuration from {} failed", directory, e);
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        synchronized (pollerLock) {
            if (poller != null) {
                poller.shutdownNow();
                poller = null;
            }
        }
    }

    private static boolean isDocument(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.endsWith("~") && ConfigLoader.Format.ofFileName(name).isPresent();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Collects the store's settings; not thread-safe. */
    public static final class Builder {
        private Path directory;
        private ConfigLoader loader;

        private Builder() {
        }

        /** The directory to read; it must exist when the store is built. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** How documents are validated; {@link ConfigLoader#ofDefaults()} if not set. */
        public Builder loader(ConfigLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Builds the store; it is empty until the first {@link FileConfigStore#refresh()}. */
        public FileConfigStore build() {
            if (directory == null) {
                throw new IllegalStateException("directory must be set");
            }
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("directory " + directory + " does not exist or is not a directory");
            }
            if (loader == null) {
                loader = ConfigLoader.ofDefaults();
            }
            return new FileConfigStore(this);
        }
    }
}
