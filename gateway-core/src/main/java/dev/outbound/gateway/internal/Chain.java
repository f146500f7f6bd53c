package dev.outbound.gateway.internal;

import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.OutboundRequest;

/** What a stage sees of the pipeline: the request so far, the call's state, and the rest of the chain. */
public interface Chain {
    OutboundRequest request();

    CallState call();

    /** Runs the remaining stages with {@code request}. */
    IntegrationResponse proceed(OutboundRequest request);
}
