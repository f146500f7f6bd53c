package dev.outbound.gateway.internal;

import dev.outbound.gateway.IntegrationResponse;
import org.slf4j.MDC;

/**
 * Stage 1: puts the call's context on the SLF4J MDC (correlation id, provider, customer, operation) so every log
 * line of the call, ours and the caller's, carries it; restores what was there before.
 */
final class ContextStage implements Interceptor {
    static final String MDC_CORRELATION_ID = "correlation_id";
    static final String MDC_PROVIDER = "provider";
    static final String MDC_CUSTOMER = "customer";
    static final String MDC_OPERATION = "operation";

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        String[] keys = {MDC_CORRELATION_ID, MDC_PROVIDER, MDC_CUSTOMER, MDC_OPERATION};
        String[] previous = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            previous[i] = MDC.get(keys[i]);
        }
        MDC.put(MDC_CORRELATION_ID, call.correlationId());
        MDC.put(MDC_PROVIDER, call.account().provider());
        MDC.put(MDC_CUSTOMER, call.account().customerId());
        MDC.put(MDC_OPERATION, call.operation());
        try {
            return chain.proceed(chain.request());
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (previous[i] == null) {
                    MDC.remove(keys[i]);
                } else {
                    MDC.put(keys[i], previous[i]);
                }
            }
        }
    }
}
