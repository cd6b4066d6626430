package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The readings a contact has folded in recently, by their 64-bit reading key ({@code ContactUpdate.readingKey}),
 * so that a reading resent within the window is recognised and counted once. Keys are kept in buckets by the time
 * ingest received them; a bucket older than the window is dropped whole, so no per-key removal is needed and the
 * memory is bounded by the window (and by a cap per contact, past which the oldest bucket goes early).
 */
final class SeenReadings {

  /** How many buckets span the window: a key is kept between window and window x (1 + 1/BUCKETS). */
  static final int BUCKETS = 4;

  private final Deque<Bucket> buckets;
  private int size;

  SeenReadings() {
    this.buckets = new ArrayDeque<>();
  }

  /** One time slice of keys: an open-addressing set of longs (0 marks an empty slot; key 0 is remapped). */
  private static final class Bucket {
    final long slice;
    long[] slots;
    int count;

    Bucket(long slice, int capacity) {
      this.slice = slice;
      this.slots = new long[capacity];
    }

    boolean contains(long key) {
      int mask = slots.length - 1;
      for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
        long slot = slots[i];
        if (slot == key) {
          return true;
        }
        if (slot == 0) {
          return false;
        }
      }
    }

    void add(long key) {
      if ((count + 1) * 2 > slots.length) {
        long[] old = slots;
        slots = new long[old.length * 2];
        count = 0;
        for (long k : old) {
          if (k != 0) {
            insert(k);
          }
        }
      }
      insert(key);
    }

    private void insert(long key) {
      int mask = slots.length - 1;
      for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
        if (slots[i] == 0) {
          slots[i] = key;
          count++;
          return;
        }
        if (slots[i] == key) {
          return;
        }
      }
    }

    private static int mix(long key) {
      return (int) (key ^ (key >>> 32)) * 0x9E3779B9;
    }
  }

  /** The outcome of {@link #admit}: which of the keys are new (not seen in the window), and what the cap evicted. */
  record Admitted(boolean[] fresh, int freshCount, int evictedKeys) {
  }

  /**
   * Marks the keys as seen at {@code receivedAt} and says which were new. Buckets that fell out of the window
   * ({@code windowMs} before the newest) are dropped first; then, past {@code maxKeys}, the oldest buckets.
   */
  Admitted admit(long[] keys, long receivedAt, long windowMs, int maxKeys) {
    long width = Math.max(1, windowMs / BUCKETS);
    long slice = Math.floorDiv(receivedAt, width);
    long newest = buckets.isEmpty() ? slice : Math.max(slice, buckets.peekLast().slice);
    while (!buckets.isEmpty() && buckets.peekFirst().slice < newest - BUCKETS) {
      size -= buckets.pollFirst().count;
    }
    boolean[] fresh = new boolean[keys.length];
    int freshCount = 0;
    Bucket target = bucketFor(slice, keys.length);
    for (int i = 0; i < keys.length; i++) {
      long key = keys[i] == 0 ? 1 : keys[i];
      if (!contains(key)) {
        fresh[i] = true;
        freshCount++;
        if (target != null) {
          int before = target.count;
          target.add(key);
          size += target.count - before;
        }
      }
    }
    int evicted = 0;
    while (size > maxKeys && buckets.size() > 1) {
      Bucket oldest = buckets.pollFirst();
      size -= oldest.count;
      evicted += oldest.count;
    }
    return new Admitted(fresh, freshCount, evicted);
  }

  private boolean contains(long key) {
    for (Bucket bucket : buckets) {
      if (bucket.contains(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The bucket for a slice, created in order. A reading received earlier than the newest bucket (batches from
   * several ingest nodes fold out of order) goes to the oldest bucket not older than its own slice, so it is kept
   * at least as long as the window promises, never shorter.
   */
  private Bucket bucketFor(long slice, int expected) {
    Bucket last = buckets.peekLast();
    if (last != null && last.slice == slice) {
      return last;
    }
    if (last == null || slice > last.slice) {
      Bucket bucket = new Bucket(slice, Integer.highestOneBit(Math.max(16, expected * 4)));
      buckets.addLast(bucket);
      return bucket;
    }
    for (Bucket bucket : buckets) {
      if (bucket.slice >= slice) {
        return bucket;
      }
    }
    return last;
  }

  int size() {
    return size;
  }

  void writeTo(ObjectDataOutput out) throws IOException {
    out.writeInt(buckets.size());
    for (Bucket bucket : buckets) {
      out.writeLong(bucket.slice);
      long[] keys = Arrays.stream(bucket.slots).filter(k -> k != 0).toArray();
      out.writeLongArray(keys);
    }
  }

  static SeenReadings readFrom(ObjectDataInput in) throws IOException {
    SeenReadings seen = new SeenReadings();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long slice = in.readLong();
      long[] keys = in.readLongArray();
      Bucket bucket = new Bucket(slice, Integer.highestOneBit(Math.max(16, keys.length * 4)));
      for (long key : keys) {
        bucket.add(key);
      }
      seen.size += bucket.count;
      seen.buckets.addLast(bucket);
    }
    return seen;
  }
}
