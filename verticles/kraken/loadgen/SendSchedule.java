package kraken.loadgen;

/**
 * The open loop's fixed timetable: reading {@code n} is due {@code n / rate} seconds after the start, whatever
 * happened to the readings before it. Latency is measured from these due times, not from when a request actually
 * left, so a slow server cannot hide its slowness by slowing the generator down (no coordinated omission).
 */
record SendSchedule(double readingsPerSecond, long totalReadings) {

  static SendSchedule of(double readingsPerSecond, long durationNanos) {
    return new SendSchedule(readingsPerSecond, (long) Math.floor(readingsPerSecond * durationNanos / 1e9));
  }

  /** How many readings are due at {@code elapsedNanos} after the start (reading 0 is due at once). */
  long dueBy(long elapsedNanos) {
    if (elapsedNanos < 0) {
      return 0;
    }
    long due = (long) Math.floor(elapsedNanos * readingsPerSecond / 1e9) + 1;
    return Math.min(due, totalReadings);
  }

  /** When reading {@code index} is due, in nanoseconds after the start. */
  long dueAtNanos(long index) {
    return (long) Math.ceil(index * 1e9 / readingsPerSecond);
  }

  boolean isComplete(long generated) {
    return generated >= totalReadings;
  }
}
