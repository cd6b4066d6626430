package kraken.tactical.picture;

import kraken.bus.Observation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for a batch's new sensor tracks, which contact each joins: pure, so tests and the verticle run the same
 * decision. Each track's newest associable observation is gated against every candidate contact seen within the
 * time window ({@link Track#gateCost}); a contact that already holds a track of the same instrument is not a
 * candidate (the sensor itself separated those). Pairs are then taken greedily, lowest cost first, each track once,
 * never two tracks of one instrument into one contact (a greedy approximation of global nearest neighbour, exact
 * when gates do not overlap). A track whose best and second-best contacts are within {@link #AMBIGUITY_MARGIN} of
 * each other is left undecided: it stays in its own contact, unbound, and is tried again with its next update.
 */
public final class Assignment {

  /** Normalised cost (d^2 / gate) by which the best contact must beat the runner-up. */
  public static final double AMBIGUITY_MARGIN = 0.5;

  /** A new sensor track and its observations. */
  public record NewTrack(String sensorId, List<Observation> observations) {
    String instrument() {
      int colon = sensorId.indexOf(':');
      return colon < 0 ? sensorId : sensorId.substring(0, colon);
    }

    Observation newest() {
      return observations.stream().filter(Gate::associable).max(Comparator.comparingLong(Observation::at)).orElse(null);
    }
  }

  /** What became of a new track. */
  public enum Kind { JOINED, FOUNDED, UNDECIDED }

  public record Decision(Kind kind, String contactId) {
  }

  private Assignment() {
  }

  public static Map<String, Decision> decide(List<NewTrack> tracks, List<Candidate> candidates, LocalPlane plane,
                                             long windowMs) {
    record Pair(NewTrack track, Candidate candidate, double cost) {
    }
    List<Pair> pairs = new ArrayList<>();
    Set<String> undecided = new HashSet<>();
    for (NewTrack t : tracks) {
      Observation o = t.newest();
      if (o == null) {
        continue;
      }
      List<Pair> own = new ArrayList<>();
      for (Candidate c : candidates) {
        if (c.instruments().contains(t.instrument()) || Math.abs(c.lastSeenAt() - o.at()) > windowMs) {
          continue;
        }
        Double cost = c.track().gateCost(o, plane);
        if (cost != null) {
          own.add(new Pair(t, c, cost));
        }
      }
      own.sort(Comparator.comparingDouble(Pair::cost));
      if (own.size() > 1 && own.get(1).cost() - own.get(0).cost() < AMBIGUITY_MARGIN) {
        undecided.add(t.sensorId());
      } else {
        pairs.addAll(own);
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::cost));
    Map<String, Decision> decisions = new HashMap<>();
    Map<String, Set<String>> instrumentsTaken = new HashMap<>();
    for (Pair p : pairs) {
      if (decisions.containsKey(p.track().sensorId())) {
        continue;
      }
      Set<String> taken = instrumentsTaken.computeIfAbsent(p.candidate().contactId(), k -> new HashSet<>());
      if (taken.add(p.track().instrument())) {
        decisions.put(p.track().sensorId(), new Decision(Kind.JOINED, p.candidate().contactId()));
      }
    }
    for (NewTrack t : tracks) {
      if (!decisions.containsKey(t.sensorId())) {
        decisions.put(t.sensorId(), undecided.contains(t.sensorId()) || t.newest() == null
          ? new Decision(Kind.UNDECIDED, null) : new Decision(Kind.FOUNDED, "C-" + t.sensorId()));
      }
    }
    return decisions;
  }
}
