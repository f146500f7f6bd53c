package dev.outbound.testkit.providers;

import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.SimulatedProvider;
import java.util.List;
import java.util.Objects;

/**
 * The common part of the provider simulators: one {@link SimulatedProvider} on 127.0.0.1, the bearer credential
 * it accepts, and its request journal. Subclasses install the provider's routes. A request without the accepted
 * credential gets the provider's own 401. Thread-safe like {@link SimulatedProvider}; close it to free the port.
 */
public abstract class ProviderSimulator implements AutoCloseable {
    private final SimulatedProvider sim;
    private volatile String authorization;

    protected ProviderSimulator(SimulatedProvider sim, String authorization) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
    }

    /** {@code http://127.0.0.1:PORT}: the base URL to give the account. */
    public String baseUrl() {
        return sim.baseUrl();
    }

    /** The underlying simulator, for routes this class does not offer. */
    public SimulatedProvider simulator() {
        return sim;
    }

    /** Every request received, oldest first. */
    public List<RecordedRequest> requests() {
        return sim.requests();
    }

    /** The requests with this method whose path (without query) matches the regular expression. */
    public List<RecordedRequest> requests(String method, String pathPattern) {
        return sim.requests(method, pathPattern);
    }

    /** The {@code Authorization} value the simulator accepts now. */
    protected String authorization() {
        return authorization;
    }

    /** Accepts another bearer token from now on (the old one gets the provider's 401 on routes added later). */
    protected void authorization(String value) {
        this.authorization = Objects.requireNonNull(value, "authorization");
    }

    /** A route that only requests with the accepted credential reach. */
    protected SimulatedProvider.Route authed(String method, String path) {
        return sim.on(method, path).whenHeader("Authorization", authorization);
    }

    /** A route over every path matching {@code regex} for authenticated requests, winning over {@link #authed}. */
    protected SimulatedProvider.Route overlay(String method, String regex) {
        return sim.onPathMatching(method, regex).whenHeader("Authorization", authorization)
                .whenHeaderMatching("Host", ".+");
    }

    @Override
    public void close() {
        sim.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + sim.baseUrl() + "]";
    }
}
