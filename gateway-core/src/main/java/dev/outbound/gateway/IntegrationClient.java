package dev.outbound.gateway;

import dev.outbound.gateway.spi.ProviderAdapter;

/**
 * The calls of one customer's account at one provider. Immutable, cheap and thread-safe: keep one or create one per
 * call. Each method starts a {@link CallBuilder}; path templates take {@code {name}} placeholders filled, in order,
 * with the variables, which are percent-encoded and cannot change the path's shape.
 *
 * <pre>{@code
 * Account a = client.get("sobjects/Account/{id}", id).operation("sync-accounts").execute(Account.class);
 * }</pre>
 */
public final class IntegrationClient {
    private final IntegrationGateway gateway;
    private final AccountKey account;
    private final ProviderAdapter adapter;

    IntegrationClient(IntegrationGateway gateway, AccountKey account, ProviderAdapter adapter) {
        this.gateway = gateway;
        this.account = account;
        this.adapter = adapter;
    }

    public AccountKey account() {
        return account;
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
        return new CallBuilder(gateway, account, adapter, method, pathTemplate, variables);
    }

    @Override
    public String toString() {
        return "IntegrationClient[" + account + "]";
    }
}
