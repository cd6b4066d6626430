package kraken.loadgen;

import java.util.List;
import java.util.Locale;

/**
 * Which kinds of readings a run sends, in what proportions and with how many payload bytes. The seed mix is the
 * fleet the design starts from: sonar 5,000 pings/s of 2 KB, satellite 500 reports/s of 50 KB, comms 2,000
 * intercepts/s of 1 KB; a run at any {@code --rate} keeps those proportions.
 */
public record ReadingMix(String name, List<Stream> streams) {

  /** Kinds a stream takes turns with (sonar alternates active and passive, satellite optical and signals). */
  public enum Family {
    sonar("SonarActive", "SonarPassive"),
    satellite("SatelliteOptical", "SatelliteSignals"),
    comms("CommsIntercept");

    final List<String> kinds;

    Family(String... kinds) {
      this.kinds = List.of(kinds);
    }
  }

  /** One source of readings: its share of the rate (relative weight), the kinds it takes turns with, payload size. */
  public record Stream(String name, double weight, List<String> kinds, int payloadBytes) {
  }

  static final int MAX_PAYLOAD_BYTES = 512 * 1024;

  public static ReadingMix seed() {
    return new ReadingMix("seed", List.of(
      new Stream("sonar", 5000, Family.sonar.kinds, 2 * 1024),
      new Stream("satellite", 500, Family.satellite.kinds, 50 * 1024),
      new Stream("comms", 2000, Family.comms.kinds, 1024)));
  }

  /**
   * {@code seed}, a family ({@code sonar}, {@code satellite}, {@code comms}) or one kind ({@code SonarActive}, ...);
   * {@code payloadBytes} (null to keep the mix's own sizes) overrides every stream's payload size.
   */
  public static ReadingMix parse(String text, Integer payloadBytes) {
    if (payloadBytes != null && (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES)) {
      throw new IllegalArgumentException("--payload-bytes " + payloadBytes + " is not valid: expected 0 to "
        + MAX_PAYLOAD_BYTES);
    }
    ReadingMix mix = named(text.trim());
    if (payloadBytes != null && mix.ocean()) {
      throw new IllegalArgumentException("--payload-bytes does not apply to --mix ocean: its payloads are the sensors' own");
    }
    if (payloadBytes == null) {
      return mix;
    }
    return new ReadingMix(mix.name, mix.streams.stream()
      .map(s -> new Stream(s.name, s.weight, s.kinds, payloadBytes)).toList());
  }

  /** Readings of the simulated ocean with their real payloads, in the seed mix's proportions of sensors. */
  public static final String OCEAN = "ocean";

  public boolean ocean() {
    return name.equals(OCEAN);
  }

  private static ReadingMix named(String text) {
    if (text.equalsIgnoreCase("seed")) {
      return seed();
    }
    if (text.equalsIgnoreCase(OCEAN)) {
      return new ReadingMix(OCEAN, List.of(new Stream(OCEAN, 1, List.of(), 0)));
    }
    for (Stream stream : seed().streams) {
      if (stream.name.equalsIgnoreCase(text)) {
        return new ReadingMix(stream.name, List.of(stream));
      }
      for (String kind : stream.kinds) {
        if (kind.equalsIgnoreCase(text)) {
          return new ReadingMix(kind, List.of(new Stream(stream.name, 1, List.of(kind), stream.payloadBytes)));
        }
      }
    }
    throw new IllegalArgumentException("--mix '" + text + "' is not valid: expected seed, ocean, sonar, satellite, comms, "
      + "SonarActive, SonarPassive, SatelliteOptical, SatelliteSignals or CommsIntercept");
  }

  double totalWeight() {
    return streams.stream().mapToDouble(Stream::weight).sum();
  }

}
