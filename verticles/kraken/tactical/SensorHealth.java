package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One sensor instrument's health as the picture saw it: its kinds, the tracks it reported, its readings per
 * 10-second bucket over the last minute (by picture time, so a sensor with a wrong clock still counts), and when it
 * was last heard (sensor time and picture time). An instrument is the sensor id up to its first ':' (the simulator's
 * {@code towed-array:T17} is instrument {@code towed-array}, track {@code T17}); a plain id is its own instrument.
 * Its size is bounded: at most {@link #MAX_TRACKS} track ids are kept, past it they are counted as capped.
 */
public final class SensorHealth implements IdentifiedDataSerializable {

  static final int MAX_TRACKS = 1_000;
  static final long BUCKET_MS = 10_000;
  static final int BUCKETS = 6;

  private String instrument;
  private List<String> kinds = List.of();
  private Set<String> tracks = new LinkedHashSet<>();
  private boolean tracksCapped;
  private long readings;
  private long[] bucketStart = new long[BUCKETS];
  private long[] bucketCount = new long[BUCKETS];
  private long firstSeenAt;
  private long lastSeenAt;
  private long lastReadingAt;

  /** For deserialization. */
  SensorHealth() {
  }

  /** The instrument of a sensor id: up to its first ':', or the whole id. */
  static String instrumentOf(String sensorId) {
    int colon = sensorId.indexOf(':');
    return colon <= 0 ? sensorId : sensorId.substring(0, colon);
  }

  /** The track of a sensor id: after its first ':', or null. */
  static String trackOf(String sensorId) {
    int colon = sensorId.indexOf(':');
    return colon <= 0 || colon == sensorId.length() - 1 ? null : sensorId.substring(colon + 1);
  }

  static SensorHealth named(String instrument) {
    SensorHealth health = new SensorHealth();
    health.instrument = instrument;
    return health;
  }

  /** Folds in what one node saw of this instrument since its last flush. */
  void merge(SensorHealthFold.Seen seen) {
    boolean first = readings == 0 && lastSeenAt == 0;
    if (!kinds.containsAll(seen.kinds())) {
      LinkedHashSet<String> all = new LinkedHashSet<>(kinds);
      all.addAll(seen.kinds());
      kinds = List.copyOf(all);
    }
    for (String track : seen.tracks()) {
      if (tracks.size() >= MAX_TRACKS && !tracks.contains(track)) {
        tracksCapped = true;
      } else {
        tracks.add(track);
      }
    }
    readings += seen.readings();
    long start = seen.seenAt() - Math.floorMod(seen.seenAt(), BUCKET_MS);
    int slot = (int) Math.floorMod(start / BUCKET_MS, (long) BUCKETS);
    if (bucketStart[slot] != start) {
      bucketStart[slot] = start;
      bucketCount[slot] = 0;
    }
    bucketCount[slot] += seen.readings();
    firstSeenAt = first ? seen.seenAt() : Math.min(firstSeenAt, seen.seenAt());
    lastSeenAt = Math.max(lastSeenAt, seen.seenAt());
    lastReadingAt = Math.max(lastReadingAt, seen.lastReadingAt());
  }

  String instrument() {
    return instrument;
  }

  long lastSeenAt() {
    return lastSeenAt;
  }

  boolean staleAt(long now, long staleMs) {
    return now - lastSeenAt > staleMs;
  }

  /** Readings in the buckets that started within the last minute: between 50 and 60 seconds' worth. */
  long readingsLastMinute(long now) {
    long sum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (bucketStart[i] > now - BUCKETS * BUCKET_MS) {
        sum += bucketCount[i];
      }
    }
    return sum;
  }

  JsonObject toJson(long now, long staleMs) {
    List<String> trackList = new ArrayList<>(tracks);
    return new JsonObject().put("sensor", instrument).put("status", staleAt(now, staleMs) ? "STALE" : "OK")
      .put("kinds", new JsonArray(new ArrayList<>(kinds))).put("tracks", trackList.size())
      .put("tracksCapped", tracksCapped).put("readings", readings)
      .put("readingsLastMinute", readingsLastMinute(now)).put("lastReadingAt", lastReadingAt)
      .put("lastSeenAt", lastSeenAt).put("firstSeenAt", firstSeenAt).put("silentForMs", Math.max(0, now - lastSeenAt));
  }

  @Override
  public int getFactoryId() {
    return AlertGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return AlertGridTypes.SENSOR_HEALTH;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(instrument);
    Contact.writeStrings(out, kinds);
    Contact.writeStrings(out, List.copyOf(tracks));
    out.writeBoolean(tracksCapped);
    out.writeLong(readings);
    out.writeLongArray(bucketStart);
    out.writeLongArray(bucketCount);
    out.writeLong(firstSeenAt);
    out.writeLong(lastSeenAt);
    out.writeLong(lastReadingAt);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    instrument = in.readString();
    kinds = Contact.readStrings(in);
    tracks = new LinkedHashSet<>(Contact.readStrings(in));
    tracksCapped = in.readBoolean();
    readings = in.readLong();
    bucketStart = in.readLongArray();
    bucketCount = in.readLongArray();
    firstSeenAt = in.readLong();
    lastSeenAt = in.readLong();
    lastReadingAt = in.readLong();
  }
}
