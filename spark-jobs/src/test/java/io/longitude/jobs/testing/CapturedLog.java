package io.longitude.jobs.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything logged in this JVM (driver and local executors) while it is open, with the given loggers turned up to
 * DEBUG: for tests that check what a job never logs.
 */
public final class CapturedLog implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();

    public CapturedLog(List<String> debugLoggers) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("captured-" + System.identityHashCode(this)).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %p %m%n%throwable").build()).build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        for (String logger : debugLoggers) {
            LoggerConfig config = configuration.getLoggerConfig(logger);
            previousLevels.put(logger, config.getName().equals(logger) ? config.getLevel() : null);
            Configurator.setLevel(logger, Level.DEBUG);
        }
        context.updateLoggers();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        previousLevels.forEach((logger, level) -> Configurator.setLevel(logger, level));
        configuration.getRootLogger().removeAppender(appender.getName());
        appender.stop();
        context.updateLoggers();
    }
}
