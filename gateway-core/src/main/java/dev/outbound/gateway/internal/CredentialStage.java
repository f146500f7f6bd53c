package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.spi.OutboundRequest;
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
            credential = credentials.resolve(call.account(), call.deadline());
        } catch (IntegrationException e) {
            throw new IntegrationException(call.enrich(e.envelope()), e.getCause());
        }
        call.credential(credential);
        // A client certificate is not part of the request: the transport presents it in the TLS handshake.
        call.clientCertificate(credential instanceof Credential.ClientCertificate c ? c : null);
        OutboundRequest authenticated;
        try {
            authenticated = call.adapter().authenticate(chain.request(), credential);
        } catch (IntegrationException e) {
            throw new IntegrationException(call.enrich(e.envelope()));
        } catch (RuntimeException e) {
            // An adapter that cannot apply the credential (a kind it does not sign, a value it refuses) is a
            // credential problem of this account, not a crash; its message may quote the value, so it is redacted
            // and the original exception is not attached.
            throw call.fail(ErrorCategory.AUTH_FAILURE, Reasons.CREDENTIAL_INVALID,
                    "the " + call.adapter().providerId() + " adapter could not apply the " + credential.kind()
                            + " credential: " + call.secrets().redact(String.valueOf(e.getMessage())));
        }
        IntegrationResponse response;
        try {
            response = chain.proceed(authenticated);
        } catch (IntegrationException e) {
            // Any answer of the provider other than an auth failure means it took the credential.
            if (e.envelope().httpStatus() != 0 && e.category() != ErrorCategory.AUTH_FAILURE) {
                credentials.accepted(call.account());
            }
            throw e;
        }
        credentials.accepted(call.account());
        return response;
    }
}
