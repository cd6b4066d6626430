package kraken.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** KRAKEN's own meters, named in one place. Prometheus shows them with a {@code kraken_} prefix. */
public final class Meters {

  public static final String READINGS_ACCEPTED = "kraken.readings.accepted";
  public static final String READINGS_REJECTED = "kraken.readings.rejected";
  public static final String INGEST_TO_PICTURE = "kraken.ingest.to.picture";
  public static final String CONTACT_UPDATES = "kraken.contact.updates";
  public static final String READINGS_DUPLICATE = "kraken.readings.duplicate";
  public static final String DEDUPE_EVICTIONS = "kraken.readings.dedupe.evicted";

  private Meters() {
  }

  /** Readings acknowledged to their sender ({@code kraken_readings_accepted_total}). */
  public static Counter readingsAccepted(MeterRegistry registry) {
    return Counter.builder(READINGS_ACCEPTED).description("Readings acknowledged to their sender")
      .register(registry);
  }

  /** Readings refused, by reason code ({@code kraken_readings_rejected_total{reason=...}}). */
  public static Counter readingsRejected(MeterRegistry registry, String reason) {
    return Counter.builder(READINGS_REJECTED).description("Readings refused, by reason")
      .tag("reason", reason).register(registry);
  }

  /** From ingest receiving a reading to its contact being written in the picture. */
  public static Timer ingestToPicture(MeterRegistry registry) {
    return Timer.builder(INGEST_TO_PICTURE).description("From ingest receiving a reading to its contact in the picture")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);
  }

  /** Readings the picture already held (resent within the window), acknowledged again but counted once. */
  public static Counter readingsDuplicate(MeterRegistry registry) {
    return Counter.builder(READINGS_DUPLICATE).description("Resent readings recognised and counted once")
      .register(registry);
  }

  /** Reading keys a contact forgot before the window's end because it held too many (readings.dedupeMaxPerContact). */
  public static Counter dedupeEvictions(MeterRegistry registry) {
    return Counter.builder(DEDUPE_EVICTIONS).description("Reading keys forgot early: the contact's cap was reached")
      .register(registry);
  }

  /** Contact updates written to the picture. */
  public static Counter contactUpdates(MeterRegistry registry) {
    return Counter.builder(CONTACT_UPDATES).description("Contact updates written to the picture").register(registry);
  }
}
