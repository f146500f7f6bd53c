package dev.outbound.testkit;

import com.github.tomakehurst.wiremock.common.Notifier;

/**
 * Keeps WireMock's chatter out of test output: its messages go to {@link System.Logger} at TRACE and DEBUG, which
 * nothing shows unless asked. Stateless and thread-safe.
 */
final class QuietNotifier implements Notifier {

    private static final System.Logger LOG = System.getLogger(SimulatedProvider.class.getName());

    @Override
    public void info(String message) {
        LOG.log(System.Logger.Level.TRACE, message);
    }

    @Override
    public void error(String message) {
        LOG.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void error(String message, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, message, t);
    }
}
