package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.SecretValues;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of one call as it passes through the pipeline: who it is for, its limits, and which attempt is running.
 * Created per call; touched by one thread at a time (the calling thread, or the async executor's).
 */
public final class CallState {
    private final AccountKey account;
    private final String integration;
    private final String operation;
    private final Priority priority;
    private final Instant deadline;
    private final String correlationId;
    private final ProviderAdapter adapter;
    private final ProviderPolicy policy;
    private final AccountSettings settings;
    private final boolean retryAllowed;
    private final Clock clock;
    private final ByteBudget.Lease buffers;
    private int attempt;
    private String pathTemplate = "";
    private Credential.ClientCertificate clientCertificate;
    private SecretValues secrets = SecretValues.none();
    private final List<String> secretValues = new ArrayList<>(4);
    private Credential lastCredential;
    private OutboundRequest routedRequest;

    CallState(AccountKey account, String integration, String operation, Priority priority, Instant deadline, String correlationId,
              ProviderAdapter adapter, ProviderPolicy policy, AccountSettings settings, boolean retryAllowed,
              Clock clock, ByteBudget.Lease buffers) {
        this.account = account;
        this.integration = integration;
        this.operation = operation;
        this.priority = priority;
        this.deadline = deadline;
        this.correlationId = correlationId;
        this.adapter = adapter;
        this.policy = policy;
        this.settings = settings;
        this.retryAllowed = retryAllowed;
        this.clock = clock;
        this.buffers = buffers;
    }

    public AccountKey account() {
        return account;
    }

    /** The integration the caller named for this call, empty for none; read by the call listeners only. */
    public String integration() {
        return integration;
    }

    public String operation() {
        return operation;
    }

    public Priority priority() {
        return priority;
    }

    public Instant deadline() {
        return deadline;
    }

    /** Time left before the deadline; zero or negative once it has passed. */
    public Duration remaining() {
        return Duration.between(clock.instant(), deadline);
    }

    public String correlationId() {
        return correlationId;
    }

    public ProviderAdapter adapter() {
        return adapter;
    }

    public ProviderPolicy policy() {
        return policy;
    }

    public AccountSettings settings() {
        return settings;
    }

    /** Whether the request may be sent again: an idempotent method, or the caller opted in. */
    public boolean retryAllowed() {
        return retryAllowed;
    }

    public Clock clock() {
        return clock;
    }

    /** The running attempt, 1-based; 0 before the first. */
    public int attempt() {
        return attempt;
    }

    void startAttempt() {
        attempt++;
        // The previous attempt's response was thrown away with its failure; only its bounded envelope lives on.
        buffers.releaseAll();
    }

    /** This call's share of the gateway's budget of buffered response bytes. */
    ByteBudget.Lease buffers() {
        return buffers;
    }

    /**
     * The running attempt's request as the route stage built it, before the credential stage applied the credential:
     * comparing it with the request the transport sends tells which headers and query parameters are credentials.
     */
    Optional<OutboundRequest> routedRequest() {
        return Optional.ofNullable(routedRequest);
    }

    void routedRequest(OutboundRequest request) {
        this.routedRequest = request;
    }

    public String pathTemplate() {
        return pathTemplate;
    }

    void pathTemplate(String template) {
        this.pathTemplate = template;
    }

    /** The certificate the running attempt presents for mutual TLS, set by the credential stage; empty when none. */
    public Optional<Credential.ClientCertificate> clientCertificate() {
        return Optional.ofNullable(clientCertificate);
    }

    void clientCertificate(Credential.ClientCertificate certificate) {
        this.clientCertificate = certificate;
    }

    /**
     * Remembers the secret values of the credential the running attempt uses: from now on every envelope of this call
     * has them removed ({@link #enrich}), wherever a provider or a library echoed them.
     */
    void credential(Credential credential) {
        if (credential == null || credential == lastCredential) {
            return;
        }
        // Earlier attempts' credentials stay secret too: a refresh between attempts must not un-redact the old token.
        lastCredential = credential;
        secretValues.addAll(credential.secretValues());
        this.secrets = SecretValues.of(secretValues);
    }

    /** The secret values of the credential in use; empty before the credential stage ran. */
    public SecretValues secrets() {
        return secrets;
    }

    /** The envelope with this call's context and current attempt filled in, and the credential's values removed. */
    public ErrorEnvelope enrich(ErrorEnvelope envelope) {
        return secrets.redact(envelope).toBuilder()
                .provider(account.provider())
                .customer(account.customerId())
                .operation(operation)
                .correlationId(correlationId)
                .attempt(Math.max(attempt, envelope.attempt()), policy.maxAttempts())
                .timestamp(envelope.timestamp().equals(Instant.EPOCH) ? clock.instant() : envelope.timestamp())
                .build();
    }

    /** An exception for this call, built from an envelope the stage started. */
    public IntegrationException fail(ErrorEnvelope.Builder envelope) {
        return new IntegrationException(enrich(envelope.build()));
    }

    /** An exception for this call with the given category, reason and message, and no HTTP response. */
    public IntegrationException fail(ErrorCategory category, String reason, String message) {
        return fail(ErrorEnvelope.builder(category).reason(reason).message(message));
    }
}
