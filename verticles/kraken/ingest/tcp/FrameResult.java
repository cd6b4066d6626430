package kraken.ingest.tcp;

import java.util.List;

/**
 * What the server answered for one READINGS frame: one outcome per reading, in the order sent.
 *
 * @param duplicates readings the picture already held (taken, counted once)
 */
public record FrameResult(long sequence, List<Outcome> outcomes, int duplicates) {

  /** One reading's fate: taken ({@code reason} null) or refused with a reason code and a sentence. */
  public record Outcome(int index, String reason, String message) {
    public boolean acked() {
      return reason == null;
    }
  }

  public long acked() {
    return outcomes.stream().filter(Outcome::acked).count();
  }

  public List<Outcome> refused() {
    return outcomes.stream().filter(o -> !o.acked()).toList();
  }

  public boolean allAcked() {
    return outcomes.stream().allMatch(Outcome::acked);
  }

  static FrameResult of(ServerFrame.Ack ack, int readings) {
    return new FrameResult(ack.sequence(), java.util.stream.IntStream.range(0, readings)
      .mapToObj(i -> new Outcome(i, null, null)).toList(), ack.duplicates());
  }

  /** Spreads a NACK over the readings: listed ones refused, the rest-of-frame entry (if any) for the unlisted. */
  static FrameResult of(ServerFrame.Nack nack, int readings) {
    Outcome[] outcomes = new Outcome[readings];
    ServerFrame.Refusal rest = null;
    for (ServerFrame.Refusal refusal : nack.refusals()) {
      if (refusal.index() == Wire.REST_OF_FRAME) {
        rest = refusal;
      } else if (refusal.index() < readings) {
        outcomes[refusal.index()] = new Outcome(refusal.index(), refusal.reason(), refusal.message());
      }
    }
    for (int i = 0; i < readings; i++) {
      if (outcomes[i] == null) {
        outcomes[i] = rest == null ? new Outcome(i, null, null) : new Outcome(i, rest.reason(), rest.message());
      }
    }
    return new FrameResult(nack.sequence(), List.of(outcomes), nack.duplicates());
  }
}
