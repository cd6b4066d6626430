package kraken.simulation;

/**
 * What a vessel truly is: the class labels of every model and every CSV, and how each class moves. Speeds in m/s,
 * depths in m (0 = surface), spawn ranges in m from own ship; {@code spawnWeight} is its share of new vessels.
 */
public enum VesselClass {
  HostileSubmarine(3, 2, 8, 30, 300, 8_000, 35_000),
  FriendlySubmarine(3, 2, 8, 30, 300, 8_000, 35_000),
  Merchant(4, 6, 10, 0, 0, 5_000, 40_000),
  FishingVessel(4, 1, 5, 0, 0, 2_000, 30_000),
  Biologic(3, 0.5, 3, 0, 80, 500, 20_000),
  Decoy(2, 3, 6, 20, 150, 3_000, 15_000),
  Torpedo(1, 20, 25, 10, 100, 4_000, 12_000);

  final int spawnWeight;
  final double minSpeed;
  final double maxSpeed;
  final double minDepth;
  final double maxDepth;
  final double minSpawnRangeM;
  final double maxSpawnRangeM;

  VesselClass(int spawnWeight, double minSpeed, double maxSpeed, double minDepth, double maxDepth,
              double minSpawnRangeM, double maxSpawnRangeM) {
    this.spawnWeight = spawnWeight;
    this.minSpeed = minSpeed;
    this.maxSpeed = maxSpeed;
    this.minDepth = minDepth;
    this.maxDepth = maxDepth;
    this.minSpawnRangeM = minSpawnRangeM;
    this.maxSpawnRangeM = maxSpawnRangeM;
  }

  boolean submarine() {
    return this == HostileSubmarine || this == FriendlySubmarine;
  }

  /** Navigation or search radar the signals satellite can hear (submarines only with a mast up, at the surface). */
  boolean hasRadar() {
    return this == Merchant || this == FishingVessel || submarine();
  }

  /** Radio traffic the comms intercept can hear. */
  boolean transmits() {
    return this == Merchant || this == FishingVessel || submarine();
  }
}
