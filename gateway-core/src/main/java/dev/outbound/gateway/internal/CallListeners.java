package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.spi.CallListener;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's call listeners behind one {@link CallListener}: each is told in registration order, and an exception
 * from one is logged and swallowed so that neither the call nor the next listener is affected. Thread-safe.
 */
public final class CallListeners implements CallListener {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.calls");
    private final List<CallListener> listeners;

    public CallListeners(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Whether there is anyone to tell (lets the stage skip building events). */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    @Override
    public void callStart(CallInfo call) {
        for (CallListener l : listeners) {
            try {
                l.callStart(call);
            } catch (RuntimeException e) {
                complain(l, "callStart", e);
            }
        }
    }

    @Override
    public void callEnd(CallInfo call, Duration duration) {
        for (CallListener l : listeners) {
            try {
                l.callEnd(call, duration);
            } catch (RuntimeException e) {
                complain(l, "callEnd", e);
            }
        }
    }

    @Override
    public void callFailed(CallInfo call, ErrorEnvelope envelope, Duration duration) {
        for (CallListener l : listeners) {
            try {
                l.callFailed(call, envelope, duration);
            } catch (RuntimeException e) {
                complain(l, "callFailed", e);
            }
        }
    }

    private static void complain(CallListener l, String event, RuntimeException e) {
        log.warn("call listener {} failed in {} (ignored): {}", l, event, e.toString());
    }

    @Override
    public String toString() {
        return "CallListeners" + listeners;
    }
}
