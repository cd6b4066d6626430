package kraken.bus;

/** Security classification of a reading, as marked by the sensor. */
public enum Classification {
  Unclassified, Confidential, Secret, TopSecret
}
