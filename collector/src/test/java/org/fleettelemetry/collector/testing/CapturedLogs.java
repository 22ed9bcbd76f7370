package org.fleettelemetry.collector.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What one class logged during a test: register it as a field with {@code @RegisterExtension}; it attaches before
 * each test and detaches after, so one test's lines never reach another's assertions.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
    }

    /** The lines {@code source}'s logger writes. */
    public static CapturedLogs of(Class<?> source) {
        return new CapturedLogs(source);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.detachAppender(appender);
        appender.stop();
    }

    /** The lines logged so far in this test, oldest first (live: later lines show up in it). */
    public List<ILoggingEvent> events() {
        return appender.list;
    }
}
