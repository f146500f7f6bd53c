package dev.outbound.providers.internal;

import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.providers.DeprecationMonitor;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the factory hands every built-in adapter: the clock, the deprecation monitor, hosts to allow beyond the
 * provider's own (on-premise SAP, a simulator), and an optional policy override. Immutable.
 *
 * @param clock the gateway's clock
 * @param monitor the deprecation monitor
 * @param extraHosts allowlist patterns added to the provider's
 * @param policy a policy replacing the adapter's default, if any
 */
public record AdapterContext(Clock clock, DeprecationMonitor monitor, List<String> extraHosts,
                             Optional<ProviderPolicy> policy) {
    public AdapterContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(monitor, "monitor");
        extraHosts = List.copyOf(extraHosts);
        Objects.requireNonNull(policy, "policy");
    }

    /** System clock, no monitoring, no extra hosts. */
    public static AdapterContext defaults() {
        return new AdapterContext(Clock.systemUTC(), DeprecationMonitor.disabled(), List.of(), Optional.empty());
    }

    /** The provider's hosts followed by the extra ones. */
    public List<String> hosts(List<String> providerHosts) {
        List<String> all = new java.util.ArrayList<>(providerHosts);
        all.addAll(extraHosts);
        return all;
    }
}
