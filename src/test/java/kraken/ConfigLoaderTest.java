package kraken;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.PostgresUri;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Configuration: defaults < YAML file < KRAKEN_* environment < command line, and bad values stop start-up")
class ConfigLoaderTest {

  @TempDir
  Path dir;

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("kraken.yaml");
    Files.writeString(file, text);
    return file;
  }

  /** Loads, expects a failure, and checks it inside {@code verify}. */
  private static void expectFailure(Vertx vertx, VertxTestContext testContext, ConfigLoader.Sources sources,
                                    Consumer<Throwable> check) {
    ConfigLoader.load(vertx, sources).onComplete(testContext.failing(failure -> testContext.verify(() -> {
      check.accept(failure);
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("each later source wins over the earlier ones, key by key")
  void precedence(Vertx vertx, VertxTestContext testContext) throws IOException {
    Path file = yaml("""
      ingest:
        http:
          port: 7001
        maxBatchReadings: 77
      tactical:
        http:
          port: 7002
      log:
        level: DEBUG
      """);
    Map<String, String> env = Map.of("KRAKEN_TACTICAL_HTTP_PORT", "7102", "KRAKEN_LOG_LEVEL", "warn",
      "KRAKEN_INGEST_MAX_BODY_BYTES", "2048");
    Map<String, String> cli = Map.of("log.level", "ERROR");
    ConfigLoader.load(vertx, new ConfigLoader.Sources(file, env, cli))
      .onComplete(testContext.succeeding(config -> testContext.verify(() -> {
        assertThat(config.get(Settings.INGEST_PORT)).as("file over default").isEqualTo(7001);
        assertThat(config.get(Settings.INGEST_MAX_BATCH)).as("file over default").isEqualTo(77);
        assertThat(config.get(Settings.TACTICAL_PORT)).as("environment over file").isEqualTo(7102);
        assertThat(config.get(Settings.INGEST_MAX_BODY_BYTES)).as("environment over default").isEqualTo(2048);
        assertThat(config.get(Settings.LOG_LEVEL)).as("command line over environment and file").isEqualTo("ERROR");
        assertThat(config.get(Settings.OPS_PORT)).as("default where nobody says").isEqualTo(9090);
        assertThat(config.get(Settings.VERTICLES)).containsExactly("ingest", "inference", "tactical", "scaling");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an invalid value in the file names the key, the value, the file and what is expected")
  void invalidFileValue(Vertx vertx, VertxTestContext testContext) throws IOException {
    Path file = yaml("ingest:\n  http:\n    port: 70000\n");
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(file, Map.of(), Map.of()),
      failure ->
        assertThat(failure).isInstanceOf(ConfigException.class).hasMessage("ingest.http.port: value '70000' (from "
          + file + ") is not valid; expected an integer from 0 to 65535"));
  }

  @Test
  @DisplayName("an invalid environment value names the variable")
  void invalidEnvironmentValue(Vertx vertx, VertxTestContext testContext) {
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(null, Map.of("KRAKEN_CLUSTER_ENABLED", "yes"), Map.of()),
      failure ->
        assertThat(failure).hasMessage("cluster.enabled: value 'yes' (from KRAKEN_CLUSTER_ENABLED) is not valid; "
          + "expected true or false"));
  }

  @Test
  @DisplayName("an unknown verticle name lists the ones that exist")
  void unknownVerticle(Vertx vertx, VertxTestContext testContext) {
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(null, Map.of(), Map.of("verticles", "ingest,radar")),
      failure ->
        assertThat(failure).hasMessageContaining("verticles: value 'ingest,radar' (from the command line)")
          .hasMessageContaining("subset of inference,ingest,scaling,tactical"));
  }

  @Test
  @DisplayName("an unknown key in the file is an error that lists the known keys, not silently ignored")
  void unknownFileKey(Vertx vertx, VertxTestContext testContext) throws IOException {
    Path file = yaml("ingest:\n  htpp:\n    port: 8080\n");
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(file, Map.of(), Map.of()),
      failure ->
        assertThat(failure).hasMessageStartingWith("unknown configuration key 'ingest.htpp.port' in " + file)
          .hasMessageContaining("ingest.http.port"));
  }

  @Test
  @DisplayName("a config file named on the command line that does not exist is an error, not a silent default")
  void missingExplicitFile(Vertx vertx, VertxTestContext testContext) {
    Path missing = dir.resolve("nope.yaml");
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(missing, Map.of(), Map.of()),
      failure ->
        assertThat(failure).hasMessage("config file " + missing + " (from --config) does not exist or is not a file"));
  }

  @Test
  @DisplayName("a file that is not YAML says which file could not be read")
  void brokenYaml(Vertx vertx, VertxTestContext testContext) throws IOException {
    Path file = yaml("ingest: [unclosed\n");
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(file, Map.of(), Map.of()),
      failure ->
        assertThat(failure).hasMessageStartingWith("cannot read configuration file " + file));
  }

  @Test
  @DisplayName("unknown KRAKEN_* variables are reported as warnings, since Kubernetes injects some of its own")
  void unknownEnvironmentIsAWarning(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of("KRAKEN_PORT", "tcp://10.0.0.1:80"), Map.of()))
      .onComplete(testContext.succeeding(config -> testContext.verify(() -> {
        assertThat(config.warnings()).isEqualTo(List.of(
          "environment variable KRAKEN_PORT is not a KRAKEN setting and was ignored"));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("environment names follow the keys: camelCase and dots become upper snake case")
  void environmentNames() {
    assertThat(Settings.INGEST_MAX_BODY_BYTES.environmentName()).isEqualTo("KRAKEN_INGEST_MAX_BODY_BYTES");
    assertThat(Settings.CLUSTER_MEMBERS.environmentName()).isEqualTo("KRAKEN_CLUSTER_MEMBERS");
    assertThat(Settings.SIMULATOR_RATE.environmentName()).isEqualTo("KRAKEN_SIMULATOR_READINGS_PER_SECOND");
  }

  @Test
  @DisplayName("the conf/kraken.yaml shipped in the repository is valid")
  void shippedFileIsValid(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, new ConfigLoader.Sources(Path.of("conf", "kraken.yaml"), Map.of(), Map.of()))
      .onComplete(testContext.succeeding(config -> testContext.verify(() -> {
        assertThat(config.get(Settings.INGEST_PORT)).isEqualTo(8080);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("readings.persist=true without postgres.uri stops start-up, naming both keys and where the first came from")
  void persistNeedsADatabase(Vertx vertx, VertxTestContext testContext) {
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(null, Map.of("KRAKEN_READINGS_PERSIST", "true"), Map.of()),
      failure ->
        assertThat(failure).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("readings.persist=true (from KRAKEN_READINGS_PERSIST) needs postgres.uri, which is empty")
          .hasMessageContaining("readings.persist=false"));
  }

  @Test
  @DisplayName("persistence.enabled=true without postgres.uri stops start-up, naming both keys and where the first came from")
  void picturePersistenceNeedsADatabase(Vertx vertx, VertxTestContext testContext) {
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(null, Map.of(), Map.of("persistence.enabled", "true")),
      failure ->
        assertThat(failure).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("persistence.enabled=true (from the command line) needs postgres.uri, which is empty")
          .hasMessageContaining("persistence.enabled=auto or false"));
  }

  @Test
  @DisplayName("scaling.intervalMs not below scaling.leaseMs stops start-up, naming both keys, their values and sources")
  void scalerLeaseMustOutlastTheInterval(Vertx vertx, VertxTestContext testContext) {
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(null, Map.of("KRAKEN_SCALING_LEASE_MS", "5000"), Map.of("scaling.intervalMs", "5000")),
      failure ->
        assertThat(failure).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("scaling.intervalMs=5000 must be less than scaling.leaseMs=5000 (scaling.intervalMs "
            + "from the command line, scaling.leaseMs from KRAKEN_SCALING_LEASE_MS): ")
          .hasMessageContaining("lower scaling.intervalMs or raise scaling.leaseMs"));
  }

  @Test
  @DisplayName("a node without the scaling verticle does not check the scaler's lease, and one interval below the lease loads")
  void scalerLeaseCheckedOnlyWithTheScaler(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of(),
        Map.of("scaling.intervalMs", "9000", "verticles", "ingest,tactical")))
      .compose(withoutScaler -> ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of(),
        Map.of("scaling.intervalMs", "4999", "scaling.leaseMs", "5000"))).map(withScaler -> {
          testContext.verify(() -> {
            assertThat(withoutScaler.get(Settings.SCALING_INTERVAL_MS)).isEqualTo(9000);
            assertThat(withScaler.get(Settings.SCALING_INTERVAL_MS)).isEqualTo(4999);
          });
          return withScaler;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("persistence.enabled takes a YAML boolean as well as auto, true or false, and refuses anything else naming the key")
  void persistenceEnabledFromYaml(Vertx vertx, VertxTestContext testContext) throws IOException {
    Path file = yaml("""
      postgres:
        uri: postgresql://kraken:s3cret@db.example:6543/kraken
      persistence:
        enabled: false
      """);
    ConfigLoader.load(vertx, new ConfigLoader.Sources(file, Map.of(), Map.of()))
      .compose(config -> {
        testContext.verify(() -> {
          assertThat(config.get(Settings.PERSISTENCE_ENABLED)).isEqualTo("false");
          assertThat(Settings.persistenceEnabled(config.asJson())).isFalse();
        });
        return ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of(), Map.of("persistence.enabled", "maybe")));
      })
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("persistence.enabled: value 'maybe'").hasMessageContaining("one of auto, false, true");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("persistence.enabled=auto records the picture only when postgres.uri is set, and false turns it off")
  void picturePersistenceFollowsTheDatabase() {
    String uri = "postgresql://kraken:s3cret@db.example:6543/kraken";
    assertThat(Settings.persistenceEnabled(KrakenConfig.defaults().asJson())).as("embedded default").isFalse();
    assertThat(Settings.persistenceEnabled(KrakenConfig.defaults().with(Map.of(Settings.POSTGRES_URI, uri)).asJson()))
      .as("auto with a database").isTrue();
    assertThat(Settings.persistenceEnabled(KrakenConfig.defaults().with(Map.of(Settings.POSTGRES_URI, uri,
      Settings.PERSISTENCE_ENABLED, "false")).asJson())).as("false with a database").isFalse();
  }

  @Test
  @DisplayName("readings.persist=true with a postgres.uri loads, and the URI's parts are read back")
  void persistWithADatabase(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of(), Map.of("readings.persist", "true",
        "postgres.uri", "postgresql://kraken:s3cret@db.example:6543/kraken", "postgres.poolSize", "8")))
      .onComplete(testContext.succeeding(config -> testContext.verify(() -> {
        assertThat(config.get(Settings.READINGS_PERSIST)).isTrue();
        assertThat(config.get(Settings.POSTGRES_POOL_SIZE)).isEqualTo(8);
        PostgresUri uri = PostgresUri.parse(config.get(Settings.POSTGRES_URI));
        assertThat(uri).isEqualTo(new PostgresUri("db.example", 6543, "kraken", "kraken", "s3cret"));
        assertThat(uri.toString()).isEqualTo("postgresql://kraken:***@db.example:6543/kraken").doesNotContain("s3cret");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a postgres.uri that does not parse is refused without echoing its password")
  void badPostgresUriHidesPassword(Vertx vertx, VertxTestContext testContext) {
    expectFailure(vertx, testContext,
      new ConfigLoader.Sources(null, Map.of(), Map.of("postgres.uri", "postgresql://kraken:s3cret@db.example:99999/")),
      failure ->
        assertThat(failure).hasMessage("postgres.uri: value 'postgresql://kraken:***@db.example:99999/' (from the "
          + "command line) is not valid; expected empty, or postgresql://user:password@host:port/database"));
  }
}
