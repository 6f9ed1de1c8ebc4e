package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogConfiguratorTest {

    @Test
    void serverLogsGoToStderrAndLibrariesOnlyWarn() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);

        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class,
                a -> assertThat(a.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("io.netty.handler.ssl").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.fabric8.kubernetes").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.jube.apiserver").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void isTheConfiguratorLogbackDiscovers() {
        var loaded = java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(p -> p.type().getName()).toList();
        assertThat(loaded).contains(LogConfigurator.class.getName());
    }
}
