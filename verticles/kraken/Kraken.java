package kraken;

import io.vertx.core.Vertx;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.KrakenConfig;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.launcher.KrakenNode;
import kraken.launcher.LogSetup;
import kraken.loadgen.BareTcpServerCommand;
import kraken.loadgen.FuzzFramesCommand;
import kraken.bench.ApiBenchCommand;
import kraken.bench.InferenceBenchCommand;
import kraken.bench.ScalingBenchCommand;
import kraken.bench.LiveBenchCommand;
import kraken.drill.DrillCheckCommand;
import kraken.loadgen.LoadGenCommand;
import kraken.loadgen.TcpConnectionsCommand;
import kraken.simulation.SimulateCommand;
import kraken.training.TrainCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The one entry point: runs a KRAKEN node, or one of the tools (sub-commands) that ship in the same jar. */
@Command(name = "kraken", mixinStandardHelpOptions = true, version = "KRAKEN 0.1.0",
  description = {"Runs a KRAKEN node: by default all four verticles in one JVM on an embedded grid, with a "
    + "simulated sensor feed.", ""},
  subcommands = {LoadGenCommand.class, FuzzFramesCommand.class, TcpConnectionsCommand.class, DrillCheckCommand.class,
    BareTcpServerCommand.class, SimulateCommand.class, TrainCommand.class, InferenceBenchCommand.class,
    ScalingBenchCommand.class, ApiBenchCommand.class, LiveBenchCommand.class},
  footerHeading = "%nConfiguration keys (defaults < conf/kraken.yaml or --config < KRAKEN_* environment < --set):%n")
public final class Kraken implements Callable<Integer> {

  static final int EXIT_CONFIG = 2;
  static final int EXIT_START = 1;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
    description = "YAML configuration file; must exist. Without it conf/kraken.yaml is read if present.")
  Path configFile;

  @Option(names = "--cluster", description = "Join a Hazelcast cluster of KRAKEN nodes (TCP-IP members from "
    + "cluster.members) instead of running an embedded single-member grid.")
  boolean cluster;

  @Option(names = "--verticles", paramLabel = "LIST",
    description = "Verticles to run on this node, comma-separated from ingest,inference,tactical,scaling "
      + "(default: all).")
  String verticles;

  @Option(names = "--no-simulator", description = "Do not start the simulated sensor feed.")
  boolean noSimulator;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
    description = "Set any configuration key (repeatable), e.g. --set ingest.http.port=8090.")
  Map<String, String> settings = new LinkedHashMap<>();

  public static void main(String[] args) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.exit(commandLine().execute(args));
  }

  /** The command line with its sub-commands, and every configuration key in the help text. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Kraken());
    commandLine.getCommandSpec().usageMessage().footer(settingsTable()).width(120);
    return commandLine;
  }

  @Override
  public Integer call() throws Exception {
    KrakenConfig config;
    try {
      config = KrakenNode.withNodeId(loadConfig());
      kraken.grid.GridConfig.checkDiscovery(config);
    } catch (ConfigException e) {
      System.err.println("kraken: configuration error: " + e.getMessage());
      return EXIT_CONFIG;
    }
    LogSetup.apply(config.get(Settings.LOG_LEVEL), config.get(Settings.LOG_FORMAT), config.get(Settings.NODE_ID));
    Logger log = LoggerFactory.getLogger(Kraken.class);
    config.warnings().forEach(log::warn);
    KrakenNode node;
    try {
      node = KrakenNode.start(config).get();
    } catch (Exception e) {
      return EXIT_START; // KrakenNode has logged why
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable drainAndExit = () -> {
      try {
        // ingest may hold requests for up to a pipeline timeout; give the rest of the drain 30 s more
        long drainMs = config.get(Settings.INGEST_PIPELINE_TIMEOUT_MS) + 30_000L;
        node.shutdown().toCompletionStage().toCompletableFuture().get(drainMs, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("shutdown did not complete cleanly: {}", e.toString());
      }
      stopped.countDown();
    };
    Signals.onTerminate(drainAndExit);
    stopped.await();
    return 0;
  }

  private KrakenConfig loadConfig() throws Exception {
    Map<String, String> commandLine = new LinkedHashMap<>(settings);
    if (cluster) {
      commandLine.put(Settings.CLUSTER_ENABLED.key(), "true");
    }
    if (verticles != null) {
      commandLine.put(Settings.VERTICLES.key(), verticles);
    }
    if (noSimulator) {
      commandLine.put(Settings.SIMULATOR_ENABLED.key(), "false");
    }
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, new ConfigLoader.Sources(configFile, System.getenv(), commandLine))
        .toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException(e.getCause().getMessage());
    } finally {
      vertx.close();
    }
  }

  private static String settingsTable() {
    StringBuilder table = new StringBuilder();
    for (Setting<?> s : Settings.all().values()) {
      Object def = s.defaultValue() instanceof java.util.List<?> list ? String.join(",", list.stream()
        .map(String::valueOf).toList()) : s.defaultValue();
      table.append(String.format("  %-36s %s%n      default: %s; environment: %s; allowed: %s%n", s.key(),
        s.description(), def, s.environmentName(), s.allowed()));
    }
    return table.toString();
  }
}
