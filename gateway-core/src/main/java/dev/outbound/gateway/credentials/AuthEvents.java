package dev.outbound.gateway.credentials;

import dev.outbound.gateway.AccountKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every {@link AuthEvent} to the listener, to the audit logger {@code dev.outbound.audit} (one line, no secret;
 * critical events at ERROR, which is what log-based alerting watches) and to the {@link CredentialMetrics} counters.
 * Thread-safe.
 */
final class AuthEvents {
    private static final Logger log = LoggerFactory.getLogger(CredentialManager.class);
    private static final Logger audit = LoggerFactory.getLogger("dev.outbound.audit");

    private final Clock clock;
    private final AuthEventListener listener;
    private final MeterRegistry meters;

    AuthEvents(Clock clock, AuthEventListener listener, MeterRegistry meters) {
        this.clock = clock;
        this.listener = listener;
        this.meters = meters;
    }

    void emit(AuthEvent.Type type, AccountKey account, long version, String detail) {
        AuthEvent event = new AuthEvent(type, account, clock.instant(), version, detail);
        if (type.critical()) {
            audit.error("auth_event type={} provider={} customer={} version={} critical=true detail=\"{}\"",
                    type.wireName(), account.provider(), account.customerId(), version, detail);
        } else {
            audit.info("auth_event type={} provider={} customer={} version={} detail=\"{}\"", type.wireName(),
                    account.provider(), account.customerId(), version, detail);
        }
        meters.counter(CredentialMetrics.AUTH_EVENTS, "provider", account.provider(), "customer",
                account.customerId(), CredentialMetrics.TAG_TYPE, type.wireName()).increment();
        try {
            listener.onEvent(event);
        } catch (RuntimeException x) {
            log.warn("auth event listener failed on {}: {}", type.wireName(), x.toString());
        }
    }

    void countRefresh(AccountKey account, String outcome) {
        meters.counter(CredentialMetrics.REFRESHES, "provider", account.provider(), "customer",
                account.customerId(), "outcome", outcome).increment();
    }
}
