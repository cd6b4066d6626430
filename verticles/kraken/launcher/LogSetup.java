package kraken.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} and {@code log.format} once the configuration is known. */
public final class LogSetup {

  private LogSetup() {
  }

  /** JSON lines carry a {@code node} field with the node id, so that logs of many pods can be told apart. */
  public static void apply(String level, String format, String nodeId) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(format)) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.setCustomFields(new io.vertx.core.json.JsonObject().put("node", nodeId).encode());
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
      encoder = text;
    }
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("console");
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    Level kraken = Level.toLevel(level, Level.INFO);
    context.getLogger("kraken").setLevel(kraken);
    root.setLevel(kraken.isGreaterOrEqual(Level.WARN) ? kraken : Level.INFO);
    // each endpoint publisher or finder that closes says "Discovery bridges stopped", which reads like the node's end
    context.getLogger("io.vertx.servicediscovery.impl.DiscoveryImpl").setLevel(Level.WARN);
  }

  /**
   * For tools whose stdout is the report (a pipe may parse it): library log lines go to stderr, warnings and worse
   * only.
   */
  public static void toolLogsToStderr() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(Level.WARN);
  }
}
