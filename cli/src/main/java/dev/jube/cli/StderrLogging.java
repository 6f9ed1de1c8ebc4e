package dev.jube.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Logging for `jube agent`: the same lines as the server's logback configuration (see
 * {@link LogConfigurator}) from a few classes instead of logback's few hundred, which matter in a
 * node agent that should stay small. Chosen with {@code -Dslf4j.provider=dev.jube.cli.StderrLogging}.
 */
public final class StderrLogging implements SLF4JServiceProvider, ILoggerFactory {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int NAME_WIDTH = 24;

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new StderrLogger(n, threshold(n)));
    }

    /** INFO for Jube, WARN for the libraries, as the server logs. */
    private static Level threshold(String name) {
        return name.startsWith("io.netty") ? Level.WARN : Level.INFO;
    }

    /** logback's {@code %logger{24}}: packages shortened to their first letter, left first, until the name fits. */
    static String abbreviate(String name) {
        if (name.length() <= NAME_WIDTH) {
            return name;
        }
        String[] parts = name.split("\\.");
        int length = name.length();
        for (int i = 0; i < parts.length - 1 && length > NAME_WIDTH; i++) {
            length -= parts[i].length() - 1;
            parts[i] = parts[i].substring(0, 1);
        }
        return String.join(".", parts);
    }

    private static final class StderrLogger extends LegacyAbstractLogger {

        private final String shortName;
        private final Level threshold;

        StderrLogger(String name, Level threshold) {
            this.name = name;
            this.shortName = abbreviate(name);
            this.threshold = threshold;
        }

        private boolean enabled(Level level) {
            return level.toInt() >= threshold.toInt();
        }

        @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
        @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
        @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
        @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
        @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable thrown) {
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            PrintStream err = System.err;
            synchronized (err) {
                err.printf("%s %-5s %s - %s%n", TIME.format(LocalTime.now()), level, shortName, message);
                if (thrown != null) {
                    thrown.printStackTrace(err);
                }
            }
        }
    }
}
