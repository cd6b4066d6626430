package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import kraken.bus.ThreatAssessment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest assessment of each sensor track a contact holds. With association one contact holds several tracks,
 * each scored separately by inference; if the newest reading decided, the contact's threat would flip between
 * them. So each member track keeps its own latest assessment (one per track key, bounded by the tracks the contact
 * holds), and the contact shows the most dangerous of those that still count (ties: the most confident, then the
 * newest, then the greater reading id, so the choice does not depend on arrival order). A member whose latest
 * reading is older than the window (sensor time, against the contact's newest reading) stops counting, unless it is
 * the only one. A single-track contact therefore shows its track's newest assessment, as before association.
 */
final class MemberAssessments {

  /** One member track's latest assessment, at the sensor time of its newest reading. */
  record Member(String track, ThreatAssessment assessment, long at, String readingId) {
  }

  private static final Comparator<Member> MOST_DANGEROUS = Comparator
    .comparing((Member m) -> m.assessment().threatLevel())
    .thenComparingDouble(m -> m.assessment().confidence())
    .thenComparingLong(Member::at)
    .thenComparing(Member::readingId);

  private final Map<String, Member> members = new LinkedHashMap<>();

  /** The key of the track an update's readings came from: its sensor id (its sensor ids, joined, if several). */
  static String trackOf(List<String> sensorIds) {
    return sensorIds.size() == 1 ? sensorIds.get(0) : String.join(",", sensorIds);
  }

  /**
   * Keeps the assessment as the track's latest if it is newer (sensor time) than the one held; at equal times the
   * more dangerous, then the greater reading id, so a late update never overwrites a newer one.
   */
  void offer(String track, ThreatAssessment assessment, long at, String readingId) {
    Member held = members.get(track);
    boolean newer = held == null || at > held.at()
      || (at == held.at() && (assessment.threatLevel().compareTo(held.assessment().threatLevel()) > 0
      || (assessment.threatLevel() == held.assessment().threatLevel() && readingId.compareTo(held.readingId()) > 0)));
    if (newer) {
      members.put(track, new Member(track, assessment, at, readingId));
    }
  }

  /** The member that decides the contact's threat, given the sensor time of the contact's newest reading. */
  Member shown(long newestAt, long windowMs) {
    return members.values().stream()
      .filter(m -> members.size() == 1 || m.at() >= newestAt - windowMs)
      .max(MOST_DANGEROUS)
      .orElseThrow(() -> new IllegalStateException("a contact without any member assessment"));
  }

  /** How many member tracks count at {@code newestAt}. */
  int counting(long newestAt, long windowMs) {
    return (int) members.values().stream().filter(m -> m.at() >= newestAt - windowMs).count();
  }

  int size() {
    return members.size();
  }

  /** The members in a compact binary form (for backups and migration; the contact's other fields are beside it). */
  void writeTo(ObjectDataOutput out) throws IOException {
    out.writeInt(members.size());
    for (Member m : members.values()) {
      out.writeString(m.track());
      out.writeLong(m.at());
      out.writeString(m.readingId());
      Contact.writeAssessment(out, m.assessment());
    }
  }

  static MemberAssessments readFrom(ObjectDataInput in) throws IOException {
    MemberAssessments read = new MemberAssessments();
    int n = in.readInt();
    List<Member> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String track = in.readString();
      long at = in.readLong();
      String readingId = in.readString();
      list.add(new Member(track, Contact.readAssessment(in), at, readingId));
    }
    list.forEach(m -> read.members.put(m.track(), m));
    return read;
  }
}
