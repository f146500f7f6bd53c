package dev.outbound.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The bookkeeping both stores share: per source (a file, a row) the fingerprint of the content last seen and the last
 * valid configuration it gave. Refreshing with the backend's current sources loads only what changed, keeps the last
 * valid version of anything now invalid, refuses a second source for a key that another already holds, and drops
 * what disappeared. Thread-safe: refreshes are serialized; reads see an immutable snapshot.
 */
final class ConfigTracker {

    /** One source as the backend has it now; {@code content} is read only if the fingerprint changed. */
    record Candidate(String source, String fingerprint, OptionalLong version, Supplier<LoadedConfig> load) {
    }

    private record Tracked(String fingerprint, Optional<LoadedConfig> lastValid) {
    }

    private final Map<String, Tracked> bySource = new HashMap<>();
    private volatile Map<ConfigKey, LoadedConfig> byKey = Map.of();
    private volatile List<LoadedConfig> all = List.of();

    Optional<LoadedConfig> find(ConfigKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    List<LoadedConfig> all() {
        return all;
    }

    synchronized RefreshReport refresh(List<Candidate> current) {
        List<ConfigKey> loaded = new ArrayList<>();
        List<ConfigKey> removed = new ArrayList<>();
        List<ConfigProblem> rejected = new ArrayList<>();
        Map<String, Candidate> present = new TreeMap<>();
        current.forEach(c -> present.put(c.source(), c));

        for (Map.Entry<String, Tracked> e : new ArrayList<>(bySource.entrySet())) {
            if (!present.containsKey(e.getKey())) {
                bySource.remove(e.getKey());
                e.getValue().lastValid().ifPresent(c -> removed.add(c.key()));
            }
        }
        for (Candidate candidate : present.values()) {
            Tracked before = bySource.get(candidate.source());
            if (before != null && before.fingerprint().equals(candidate.fingerprint())) {
                continue;
            }
            Optional<LoadedConfig> previous = before == null ? Optional.empty() : before.lastValid();
            LoadedConfig next;
            try {
                next = candidate.load().get();
            } catch (ConfigValidationException e) {
                rejected.addAll(e.problems());
                bySource.put(candidate.source(), new Tracked(candidate.fingerprint(), previous));
                continue;
            }
            Optional<String> holder = holderOf(next.key(), candidate.source());
            if (holder.isPresent()) {
                rejected.add(new ConfigProblem(next.key().customerId(), candidate.source(), "$",
                        "configuration " + next.key() + " is already defined by " + holder.get()
                                + ": expected one source per customer and integration"));
                bySource.put(candidate.source(), new Tracked(candidate.fingerprint(), previous));
                continue;
            }
            long version = candidate.version().orElse(previous.map(p -> p.version() + 1).orElse(1L));
            bySource.put(candidate.source(), new Tracked(candidate.fingerprint(), Optional.of(next.withVersion(version))));
            previous.filter(p -> !p.key().equals(next.key())).ifPresent(p -> removed.add(p.key()));
            loaded.add(next.key());
        }
        publish();
        removed.removeAll(loaded);
        return new RefreshReport(loaded, removed, rejected);
    }

    private Optional<String> holderOf(ConfigKey key, String except) {
        for (Map.Entry<String, Tracked> e : bySource.entrySet()) {
            if (!e.getKey().equals(except) && e.getValue().lastValid().filter(c -> c.key().equals(key)).isPresent()) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private void publish() {
        Map<ConfigKey, LoadedConfig> map = new HashMap<>();
        bySource.values().forEach(t -> t.lastValid().ifPresent(c -> map.put(c.key(), c)));
        List<LoadedConfig> list = new ArrayList<>(map.values());
        list.sort(Comparator.comparing((LoadedConfig c) -> c.key().customerId()).thenComparing(c -> c.key().integration()));
        if (!list.equals(all)) {
            all = List.copyOf(list);
        }
        byKey = Map.copyOf(map);
    }
}
