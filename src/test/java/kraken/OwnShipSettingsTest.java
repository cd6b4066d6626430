package kraken;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Own ship's position is configured in degrees, and a position off the globe stops start-up")
class OwnShipSettingsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("the defaults are the simulator's own ship; nested YAML and KRAKEN_TACTICAL_OWN_SHIP_LAT set them")
  void fromYamlAndEnvironment(Vertx vertx, VertxTestContext testContext) throws Exception {
    assertThat(Settings.TACTICAL_OWN_SHIP_LAT.defaultValue()).isEqualTo(59.5);
    assertThat(Settings.TACTICAL_OWN_SHIP_LON.defaultValue()).isEqualTo(10.6);
    Path file = dir.resolve("kraken.yaml");
    Files.writeString(file, """
      tactical:
        ownShip:
          lon: -5.25
      """);
    ConfigLoader.load(vertx, new ConfigLoader.Sources(file, Map.of("KRAKEN_TACTICAL_OWN_SHIP_LAT", "60.125"), Map.of()))
      .onComplete(testContext.succeeding(config -> testContext.verify(() -> {
        assertThat(config.get(Settings.TACTICAL_OWN_SHIP_LAT)).isEqualTo(60.125);
        assertThat(config.get(Settings.TACTICAL_OWN_SHIP_LON)).isEqualTo(-5.25);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a latitude of 91 is refused naming the key, the value and the range")
  void offTheGlobe(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of(), Map.of("tactical.ownShip.lat", "91")))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).isInstanceOf(ConfigException.class).hasMessage("tactical.ownShip.lat: value '91' (from the "
          + "command line) is not valid; expected a number from -89.0 to 89.0");
        testContext.completeNow();
      })));
  }
}
