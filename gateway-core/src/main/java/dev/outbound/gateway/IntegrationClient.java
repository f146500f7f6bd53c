package dev.outbound.gateway;

import dev.outbound.errors.SafeText;
import dev.outbound.gateway.spi.ProviderAdapter;

/**
 * The calls of one customer's account at one provider. Immutable, cheap and thread-safe: keep one or create one per
 * call. Each method starts a {@link CallBuilder}; path templates take {@code {name}} placeholders filled, in order,
 * with the variables, which are percent-encoded and cannot change the path's shape.
 *
 * <pre>{@code
 * Account a = client.get("sobjects/Account/{id}", id).operation("get-account").execute(Account.class);
 * }</pre>
 *
 * <p>A sync job names its integration once, {@code gateway.client(...).integration(run.name())}, and every call of
 * that client counts towards that integration's health row (see {@link CallBuilder#integration}).
 */
public final class IntegrationClient {
    private final IntegrationGateway gateway;
    private final AccountKey account;
    private final ProviderAdapter adapter;
    private final String integration;

    IntegrationClient(IntegrationGateway gateway, AccountKey account, ProviderAdapter adapter) {
        this(gateway, account, adapter, "");
    }

    private IntegrationClient(IntegrationGateway gateway, AccountKey account, ProviderAdapter adapter,
                              String integration) {
        this.gateway = gateway;
        this.account = account;
        this.adapter = adapter;
        this.integration = integration;
    }

    public AccountKey account() {
        return account;
    }

    /**
     * This client with every call made for the integration {@code name}, e.g. the running sync's name.
     *
     * @throws dev.outbound.errors.IntegrationException ({@code validation_error}) when the name is not 1-64 of
     *     letters, digits and {@code . _ : -}
     */
    public IntegrationClient integration(String name) {
        if (!CallBuilder.validIntegration(name)) {
            throw CallErrors.invalid(account.provider(), account.customerId(), "unnamed", gateway.clock(),
                    "integration must be 1-64 characters of letters, digits and . _ : -, was "
                            + SafeText.quote(name));
        }
        return new IntegrationClient(gateway, account, adapter, name);
    }

    public CallBuilder get(String pathTemplate, Object... variables) {
        return call("GET", pathTemplate, variables);
    }

    public CallBuilder post(String pathTemplate, Object... variables) {
        return call("POST", pathTemplate, variables);
    }

    public CallBuilder put(String pathTemplate, Object... variables) {
        return call("PUT", pathTemplate, variables);
    }

    public CallBuilder patch(String pathTemplate, Object... variables) {
        return call("PATCH", pathTemplate, variables);
    }

    public CallBuilder delete(String pathTemplate, Object... variables) {
        return call("DELETE", pathTemplate, variables);
    }

    private CallBuilder call(String method, String pathTemplate, Object[] variables) {
        return new CallBuilder(gateway, account, adapter, integration, method, pathTemplate, variables);
    }

    @Override
    public String toString() {
        return "IntegrationClient[" + account + (integration.isEmpty() ? "" : ", " + integration) + "]";
    }
}
