package dev.outbound.gateway.internal;

import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.OutboundRequest;
import java.util.List;

/** The chain over a fixed list of stages; one instance per stage position of one call. Not thread-safe. */
final class RealChain implements Chain {
    private final List<Interceptor> stages;
    private final int index;
    private final OutboundRequest request;
    private final CallState call;

    RealChain(List<Interceptor> stages, int index, OutboundRequest request, CallState call) {
        this.stages = stages;
        this.index = index;
        this.request = request;
        this.call = call;
    }

    @Override
    public OutboundRequest request() {
        return request;
    }

    @Override
    public CallState call() {
        return call;
    }

    @Override
    public IntegrationResponse proceed(OutboundRequest next) {
        if (index >= stages.size()) {
            throw new IllegalStateException("stage " + stages.get(stages.size() - 1).getClass().getSimpleName()
                    + " called proceed() but it is the last stage of the pipeline");
        }
        Interceptor stage = stages.get(index);
        IntegrationResponse response = stage.intercept(new RealChain(stages, index + 1, next, call));
        if (response == null) {
            throw new IllegalStateException("stage " + stage.getClass().getSimpleName() + " returned null");
        }
        return response;
    }
}
