package dev.outbound.gateway.internal;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationResponse;

/**
 * Stage 7: resolves the account's credential and lets the adapter apply it to the routed request; a client
 * certificate is handed to the {@link TransportStage} through the {@link CallState}.
 */
final class CredentialStage implements Interceptor {
    private final CredentialResolver credentials;

    CredentialStage(CredentialResolver credentials) {
        this.credentials = credentials;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        Credential credential;
        try {
            credential = credentials.resolve(call.account());
        } catch (IntegrationException e) {
            throw new IntegrationException(call.enrich(e.envelope()), e.getCause());
        }
        // A client certificate is not part of the request: the transport presents it in the TLS handshake.
        call.clientCertificate(credential instanceof Credential.ClientCertificate c ? c : null);
        return chain.proceed(call.adapter().authenticate(chain.request(), credential));
    }
}
