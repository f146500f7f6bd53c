package dev.outbound.config;

import dev.outbound.gateway.AccountKey;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one configuration: a customer and one of its integrations (a customer may have several integrations with
 * one provider, e.g. {@code salesforce-accounts} and {@code salesforce-invoices}). Both parts are validated because
 * they become file names, table keys and cursor names. Immutable and thread-safe.
 *
 * @param customerId the customer's id, with the rules of {@link AccountKey}
 * @param integration lower-case letters, digits, {@code -} and {@code _}, starting with a letter, at most 64
 */
public record ConfigKey(String customerId, String integration) {

    private static final Pattern INTEGRATION = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public ConfigKey {
        // One rule for customer ids across the library: AccountKey's, with a provider id that is always valid.
        new AccountKey("config", customerId);
        Objects.requireNonNull(integration, "integration");
        if (!INTEGRATION.matcher(integration).matches()) {
            throw new IllegalArgumentException("invalid integration name '" + (integration.length() > 64
                    ? integration.substring(0, 64) + "…" : integration)
                    + "': expected lower-case letters, digits, - and _, starting with a letter, at most 64 characters");
        }
    }

    public static ConfigKey of(String customerId, String integration) {
        return new ConfigKey(customerId, integration);
    }

    /** {@code customer/integration}. */
    @Override
    public String toString() {
        return customerId + "/" + integration;
    }
}
