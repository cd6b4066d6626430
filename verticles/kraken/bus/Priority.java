package kraken.bus;

/** How urgently the sensor wants its reading looked at. */
public enum Priority {
  Low, Medium, High, Critical
}
