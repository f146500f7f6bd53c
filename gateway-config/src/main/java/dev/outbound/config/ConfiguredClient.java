package dev.outbound.config;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.CallBuilder;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;

import java.time.Clock;
import java.util.Objects;

/**
 * The calls of one configured integration: an {@link IntegrationClient} for the configuration's account, named after
 * its integration, that enforces the configuration's {@link SyncDirection}. An inbound integration may only read; a
 * write (POST, PUT, PATCH, DELETE) fails with an {@link IntegrationException} ({@code validation_error},
 * {@link Reasons#DIRECTION_NOT_ALLOWED}) before anything is sent. A provider that reads over POST (NetSuite SuiteQL,
 * Dataverse {@code $batch} of GETs, GraphQL queries) uses {@link #postQuery}, which says so explicitly.
 *
 * <p>Immutable, cheap and thread-safe, like the client it wraps; the direction is the one of the configuration it
 * was made from, so make a new one when the configuration reloads.
 */
public final class ConfiguredClient {
    private final IntegrationClient client;
    private final IntegrationConfig config;
    private final Clock clock;

    private ConfiguredClient(IntegrationClient client, IntegrationConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    /** The client for {@code config}'s account, with every call counted towards the configuration's integration. */
    public static ConfiguredClient of(IntegrationGateway gateway, IntegrationConfig config) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(config, "config");
        IntegrationClient client = gateway.client(config.provider(), config.key().customerId())
                .integration(config.key().integration());
        return new ConfiguredClient(client, config, gateway.clock());
    }

    /** The same, from a loaded configuration. */
    public static ConfiguredClient of(IntegrationGateway gateway, LoadedConfig config) {
        return of(gateway, Objects.requireNonNull(config, "config").config());
    }

    /** This client with its calls counted towards {@code name} instead, e.g. a sync run's name; same direction. */
    public ConfiguredClient integration(String name) {
        return new ConfiguredClient(client.integration(name), config, clock);
    }

    public SyncDirection direction() {
        return config.direction();
    }

    /** The unrestricted client underneath, for code that has decided on its own what the integration may do. */
    public IntegrationClient unrestricted() {
        return client;
    }

    public CallBuilder get(String pathTemplate, Object... variables) {
        return client.get(pathTemplate, variables);
    }

    /** A POST that only reads (a query sent in the body); allowed whatever the direction. */
    public CallBuilder postQuery(String pathTemplate, Object... variables) {
        return client.post(pathTemplate, variables);
    }

    /** @throws IntegrationException ({@code direction_not_allowed}) when the integration is inbound */
    public CallBuilder post(String pathTemplate, Object... variables) {
        requireWrites("POST");
        return client.post(pathTemplate, variables);
    }

    /** @throws IntegrationException ({@code direction_not_allowed}) when the integration is inbound */
    public CallBuilder put(String pathTemplate, Object... variables) {
        requireWrites("PUT");
        return client.put(pathTemplate, variables);
    }

    /** @throws IntegrationException ({@code direction_not_allowed}) when the integration is inbound */
    public CallBuilder patch(String pathTemplate, Object... variables) {
        requireWrites("PATCH");
        return client.patch(pathTemplate, variables);
    }

    /** @throws IntegrationException ({@code direction_not_allowed}) when the integration is inbound */
    public CallBuilder delete(String pathTemplate, Object... variables) {
        requireWrites("DELETE");
        return client.delete(pathTemplate, variables);
    }

    private void requireWrites(String method) {
        if (config.direction() != SyncDirection.INBOUND) {
            return;
        }
        // Names only configuration facts (integration, direction, method), never the path: it may carry record ids.
        throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR)
                .provider(config.provider())
                .customer(config.key().customerId())
                .operation(config.key().integration())
                .reason(Reasons.DIRECTION_NOT_ALLOWED)
                .message("integration '" + config.key().integration() + "' is " + config.direction().documentName()
                        + " (reads only); a " + method + " would write to " + config.provider()
                        + ": set direction to outbound or bidirectional to allow writes")
                .timestamp(clock.instant())
                .build());
    }

    @Override
    public String toString() {
        return "ConfiguredClient[" + config.key() + ", " + config.direction().documentName() + "]";
    }
}
