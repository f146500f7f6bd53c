package dev.outbound.testkit.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets of the emulated KV v2 engine: versions, soft deletes, check-and-set and metadata, answered in the
 * shapes Vault puts under {@code data}. Keys are {@code mount/path}. Thread-safe: a secret's versions change under
 * its own lock.
 */
final class KvV2Store {
    static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
    static final String CAS_REQUIRED = "check-and-set parameter required for this call";

    private final Clock clock;
    private final boolean casRequired;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    KvV2Store(Clock clock, boolean casRequired) {
        this.clock = clock;
        this.casRequired = casRequired;
    }

    /** The outcome of a client's write: the new version's metadata, or the check-and-set error Vault answers. */
    record Write(Map<String, Object> metadata, String error) {
    }

    /** The latest data of a secret, if it exists and is not deleted. */
    Optional<Map<String, Object>> latestData(String key) {
        Secret s = secrets.get(key);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            Version v = s.versions.get(s.current);
            return v == null || v.deleted != null ? Optional.empty() : Optional.of(v.data);
        }
    }

    long currentVersion(String key) {
        Secret s = secrets.get(key);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.current;
        }
    }

    /** An operator's write: no check-and-set. */
    long put(String key, Map<String, Object> data) {
        Secret s = secrets.computeIfAbsent(key, k -> new Secret(clock.instant()));
        synchronized (s) {
            return s.add(new LinkedHashMap<>(data), clock.instant());
        }
    }

    /** {@code data} and {@code metadata} of a version (0 = latest), empty when absent or deleted. */
    Optional<Map<String, Object>> read(String key, long version) {
        Secret s = secrets.get(key);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            long wanted = version == 0 ? s.current : version;
            Version v = s.versions.get(wanted);
            if (v == null || v.deleted != null) {
                return Optional.empty();
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("data", v.data);
            data.put("metadata", versionMetadata(wanted, v));
            return Optional.of(data);
        }
    }

    /** A client's write, with {@code options.cas} when {@code cas} is present. */
    Write write(String key, Map<String, Object> data, OptionalLong cas) {
        Secret s = secrets.computeIfAbsent(key, k -> new Secret(clock.instant()));
        synchronized (s) {
            if (cas.isEmpty()) {
                if (casRequired) {
                    return new Write(null, CAS_REQUIRED);
                }
            } else if (cas.getAsLong() != s.current) {
                return new Write(null, CAS_MISMATCH);
            }
            long version = s.add(data, clock.instant());
            return new Write(versionMetadata(version, s.versions.get(version)), null);
        }
    }

    /** Soft-deletes the latest version, as {@code DELETE data/...} does. */
    void deleteLatest(String key) {
        Secret s = secrets.get(key);
        if (s == null) {
            return;
        }
        synchronized (s) {
            Version v = s.versions.get(s.current);
            if (v != null) {
                v.deleted = clock.instant();
            }
        }
    }

    /** The secret's metadata with every version's, empty when the secret does not exist. */
    Optional<Map<String, Object>> metadata(String key) {
        Secret s = secrets.get(key);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            Map<String, Object> versions = new LinkedHashMap<>();
            s.versions.forEach((n, v) -> versions.put(Long.toString(n), versionMetadata(n, v)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cas_required", casRequired);
            m.put("created_time", s.created.toString());
            m.put("updated_time", s.updated.toString());
            m.put("current_version", s.current);
            m.put("oldest_version", s.versions.isEmpty() ? 0 : s.versions.firstKey());
            m.put("max_versions", 0);
            m.put("delete_version_after", "0s");
            m.put("custom_metadata", null);
            m.put("versions", versions);
            return Optional.of(m);
        }
    }

    /** Removes the secret with all its versions, as {@code DELETE metadata/...} does. */
    void deleteAll(String key) {
        secrets.remove(key);
    }

    private static Map<String, Object> versionMetadata(long version, Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created_time", v.created.toString());
        m.put("custom_metadata", null);
        m.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        m.put("destroyed", false);
        m.put("version", version);
        return m;
    }

    private static final class Version {
        final Map<String, Object> data;
        final Instant created;
        Instant deleted;

        Version(Map<String, Object> data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class Secret {
        final Instant created;
        Instant updated;
        long current;
        final TreeMap<Long, Version> versions = new TreeMap<>();

        Secret(Instant created) {
            this.created = created;
            this.updated = created;
        }

        long add(Map<String, Object> data, Instant now) {
            current++;
            versions.put(current, new Version(data, now));
            updated = now;
            return current;
        }
    }
}
