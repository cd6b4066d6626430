package kraken.scaling.policy;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where the scaler's policies come from. Asked once per reconcile tick, so an implementation that watches (the
 * Kubernetes one: an informer on ThreatScalePolicy resources) answers from its cache at once, and a policy that
 * disappears stops being reconciled on the next tick. An empty list means "scale nothing".
 */
public interface PolicySource {

  Future<List<ThreatScalePolicy>> policies();

  /** Where the policies come from, for logs: e.g. "settings (embedded default)" or "file conf/policies.yaml". */
  String describe();

  /** Releases what it holds (the Kubernetes one: its informers and client). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /**
   * Called after a reconcile with what was decided, so that a source backed by resources can write the status
   * back (the Kubernetes one patches {@code status} of the ThreatScalePolicy). The local source has nowhere to write.
   */
  default Future<Void> reportStatus(ThreatScalePolicy policy, kraken.bus.ScalingDecision decision) {
    return Future.succeededFuture();
  }
}
