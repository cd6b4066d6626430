package kraken.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MetadataPolicy;

/**
 * Every shared Hazelcast map, with its name (spelled only here) and its configuration (applied to every member by
 * {@link GridConfig}, so members agree on backups and formats).
 */
public enum GridMap {

  /**
   * contactId to the contact, owned by tactical. One synchronous backup, waited for by every fold (a single-key entry
   * processor; see ContactStore.apply): a contact, and with it the promise that an acknowledged reading is in the picture,
   * survives the loss of the member that owns it. Stored as objects,
   * so a fold changes a contact in place instead of deserializing and serializing it each time.
   */
  CONTACTS("kraken.contacts") {
    @Override
    void configure(MapConfig map) {
      map.setBackupCount(1).setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMetadataPolicy(MetadataPolicy.OFF)
        // GET /api/v1/threats/active reads the threats through this index instead of scanning every contact
        .addIndexConfig(new IndexConfig(IndexType.HASH, kraken.tactical.Contact.THREAT_LEVEL_ATTRIBUTE))
        // association asks for contacts seen recently, the age-out sweep for those not updated lately: no scans
        .addIndexConfig(new IndexConfig(IndexType.SORTED, kraken.tactical.Contact.LAST_SEEN_ATTRIBUTE))
        .addIndexConfig(new IndexConfig(IndexType.SORTED, kraken.tactical.Contact.UPDATED_ATTRIBUTE));
    }
  },

  /**
   * Sensor track (sensorId) to the contact association bound it to, owned by tactical: any tactical node folds a
   * track's readings into the same contact. One synchronous backup, like the contacts it points into.
   */
  TRACK_BINDINGS("kraken.trackBindings") {
    @Override
    void configure(MapConfig map) {
      map.setBackupCount(1).setAsyncBackupCount(0);
    }
  },

  /**
   * Record id to an operator's classification or combat action (tactical's OperatorRecord) not yet in PostgreSQL.
   * One synchronous backup, waited for before the operator gets an answer, so an acknowledged record survives the
   * loss of one member; each tactical node writes the records it owns to PostgreSQL and removes them once committed
   * (OperatorRecordFlusher). With persistence off they stay here: the grid is then their only home.
   */
  OPERATOR_RECORDS("kraken.operator.records") {
    @Override
    void configure(MapConfig map) {
      map.setBackupCount(1).setAsyncBackupCount(0);
    }
  },

  /**
   * Sensor instrument (the sensor id up to its first ':') to its health, owned by tactical: merged once per flush by
   * every tactical node, read by any. Small (one entry per instrument; silent ones are removed), one backup.
   */
  SENSOR_HEALTH("kraken.sensor.health") {
    @Override
    void configure(MapConfig map) {
      map.setBackupCount(1).setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.OBJECT);
    }
  },

  /** Alert id to the active system alert, raised and cleared by the tactical nodes; one backup. */
  SYSTEM_ALERTS("kraken.system.alerts") {
    @Override
    void configure(MapConfig map) {
      map.setBackupCount(1).setAsyncBackupCount(0);
    }
  },

  /**
   * "active" to the node id of the active scaler, written with a time to live by kraken.scaling.ScalerLease: the
   * lease is renewed every reconcile tick and expires when its holder stops renewing (its node died). One backup, so
   * the lease outlives the member that stores it.
   */
  SCALER_LEASE("kraken.scaling.lease") {
    @Override
    void configure(MapConfig map) {
      map.setBackupCount(1).setAsyncBackupCount(0);
    }
  };

  private final String mapName;

  GridMap(String mapName) {
    this.mapName = mapName;
  }

  public String mapName() {
    return mapName;
  }

  abstract void configure(MapConfig map);

  static void configureAll(Config config) {
    for (GridMap map : values()) {
      map.configure(config.getMapConfig(map.mapName));
    }
  }
}
