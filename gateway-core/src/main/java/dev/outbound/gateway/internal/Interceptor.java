package dev.outbound.gateway.internal;

import dev.outbound.gateway.IntegrationResponse;

/**
 * One stage of the call pipeline: it may act before and after the rest of the chain, or answer without calling it.
 * A stage fails a call by throwing {@link dev.outbound.errors.IntegrationException}; any other exception is a bug.
 * Stages are stateless between calls and thread-safe; per-call state lives in {@link CallState}.
 */
@FunctionalInterface
public interface Interceptor {
    IntegrationResponse intercept(Chain chain);
}
