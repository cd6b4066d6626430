package kraken.grid;

import com.hazelcast.config.Config;
import kraken.config.KrakenConfig;
import kraken.config.Settings;

/** Every shared Hazelcast ring buffer, with its name (spelled only here) and its capacity from the settings. */
public enum GridRingbuffer {

  /** The scaler's recent decisions as JSON text, newest last; read by GET /api/v1/scaling/decisions on any node. */
  SCALING_DECISIONS("kraken.scaling.decisions");

  private final String name;

  GridRingbuffer(String name) {
    this.name = name;
  }

  public String ringbufferName() {
    return name;
  }

  static void configureAll(Config hazelcast, KrakenConfig config) {
    hazelcast.getRingbufferConfig(SCALING_DECISIONS.name).setCapacity(config.get(Settings.SCALING_DECISIONS_KEPT))
      .setBackupCount(1).setAsyncBackupCount(0);
  }
}
