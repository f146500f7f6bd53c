package dev.outbound.gateway.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event at TRACE and above while open, as the texts an attacker could reach: message, MDC, throwables. */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previous = root.getLevel();

    LogCapture() {
        root.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Formatted messages, MDC values and the messages of attached throwables and their causes. */
    List<String> texts() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : events()) {
            out.add(e.getFormattedMessage());
            out.addAll(e.getMDCPropertyMap().values());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                out.add(String.valueOf(t.getMessage()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previous);
    }
}
