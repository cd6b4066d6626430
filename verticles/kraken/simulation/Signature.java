package kraken.simulation;

import kraken.bus.SensorType.Encryption;

import java.util.SplittableRandom;

/**
 * How one vessel looks and sounds, drawn once when it appears: class-typical ranges, overlapping between classes so
 * that a single reading can mislead but a contact's readings together rarely do.
 *
 * @param sourceLevelDb   radiated noise at 1 m, dB; sets the signal-to-noise ratio at range
 * @param broadband       share of the radiated noise that is broadband (machinery, cavitation)
 * @param broadbandColour -1 low-frequency heavy, 0 white, +1 high-frequency heavy (a torpedo's propulsor)
 * @param tonalHz         fundamental of the vessel's tonal family (electrical, diesel firing or propulsor lines)
 * @param harmonics       how many lines of the family are heard
 * @param tonalLevel      strength of the tonal lines relative to the broadband
 * @param extraTonalHz    one more line that does not belong to the family (0: none)
 * @param bladeRateHz     propeller blade rate: how fast the broadband is amplitude-modulated
 * @param modulationDepth 0 (none) to 1
 * @param biologicSweeps  sweeps (whale song) instead of machinery
 * @param lengthM         hull length, for echoes and the optical chip
 * @param beamM           hull width
 * @param brightness      hull brightness from orbit, 0-255
 * @param radarPriUs      radar pulse repetition interval, microseconds (0: no radar)
 * @param radarPulseUs    radar pulse width, microseconds
 * @param radarStagger    PRI stagger, fraction of the PRI
 * @param radarLowMhz     radar band, MHz
 * @param radarHighMhz    radar band, MHz
 * @param radioMhz        radio frequency, MHz (0: silent)
 * @param encryption      what its radio traffic uses
 */
record Signature(double sourceLevelDb, double broadband, double broadbandColour, double tonalHz, int harmonics,
                 double tonalLevel, double extraTonalHz, double bladeRateHz, double modulationDepth,
                 boolean biologicSweeps, double lengthM, double beamM, double brightness, double radarPriUs,
                 double radarPulseUs, double radarStagger, double radarLowMhz, double radarHighMhz, double radioMhz,
                 Encryption encryption) {

  static Signature draw(VesselClass c, SplittableRandom r) {
    return switch (c) {
      case HostileSubmarine -> new Signature(r.nextDouble(128, 140), 0.3, -0.5, 50 * r.nextDouble(0.99, 1.01),
        r.nextInt(2, 5), 1.0, r.nextDouble(170, 180), r.nextDouble(4, 9), r.nextDouble(0.1, 0.3), false,
        r.nextDouble(70, 100), r.nextDouble(9, 12), r.nextDouble(70, 110), r.nextDouble(1_800, 2_400),
        r.nextDouble(1, 3), 0.12, 3_000, r.nextDouble(3_050, 3_300), r.nextDouble(3, 20),
        r.nextDouble() < 0.7 ? Encryption.Military : Encryption.Unknown);
      case FriendlySubmarine -> new Signature(r.nextDouble(126, 138), 0.3, -0.5, 60 * r.nextDouble(0.99, 1.01),
        r.nextInt(2, 5), 1.0, r.nextDouble(390, 410), r.nextDouble(4, 9), r.nextDouble(0.1, 0.3), false,
        r.nextDouble(80, 110), r.nextDouble(9, 12), r.nextDouble(70, 110), r.nextDouble(1_300, 1_700),
        r.nextDouble(20, 40), 0.02, 9_200, r.nextDouble(9_300, 9_500),
        r.nextBoolean() ? r.nextDouble(2, 30) : r.nextDouble(225, 400), Encryption.Military);
      case Merchant -> new Signature(r.nextDouble(165, 180), 1.0, -1, r.nextDouble(40, 70), r.nextInt(1, 3), 0.4,
        0, r.nextDouble(6, 12), r.nextDouble(0.4, 0.7), false, r.nextDouble(100, 250), r.nextDouble(15, 35),
        r.nextDouble(170, 230), r.nextDouble(800, 1_200), r.nextDouble(5, 25), 0.0, 9_380,
        r.nextDouble(9_420, 9_440), r.nextDouble(156, 162), r.nextDouble() < 0.6 ? Encryption.None : Encryption.Commercial);
      case FishingVessel -> new Signature(r.nextDouble(150, 165), 0.8, 0, r.nextDouble(80, 130), r.nextInt(2, 4), 0.6,
        0, r.nextDouble(10, 20), r.nextDouble(0.3, 0.6), false, r.nextDouble(15, 40), r.nextDouble(5, 10),
        r.nextDouble(150, 220), r.nextDouble(400, 700), r.nextDouble(8, 20), 0.0, 9_400, r.nextDouble(9_440, 9_460),
        r.nextDouble() < 0.8 ? r.nextDouble(156, 162) : r.nextDouble(26.9, 27.4), Encryption.None);
      case Biologic -> new Signature(r.nextDouble(140, 160), 0.05, 0, 0, 0, 0, 0, 0, 0, true, r.nextDouble(8, 25),
        r.nextDouble(2, 5), r.nextDouble(60, 100), 0, 0, 0, 0, 0, 0, Encryption.None);
      case Decoy -> new Signature(r.nextDouble(135, 150), 0.02, 0, (r.nextBoolean() ? 50 : 60) * r.nextDouble(0.99, 1.01),
        r.nextInt(1, 3), 1.2, r.nextDouble(900, 1_100), 0, 0, false, r.nextDouble(2, 4), 0.3, 0, 0, 0, 0, 0, 0, 0,
        Encryption.None);
      case Torpedo -> new Signature(r.nextDouble(165, 175), 1.0, 1, r.nextDouble(1_200, 1_600), 1, 0.6, 0,
        r.nextDouble(40, 60), r.nextDouble(0.3, 0.5), false, r.nextDouble(5, 7), 0.5, 0, 0, 0, 0, 0, 0, 0,
        Encryption.None);
    };
  }
}
