package kraken.inference;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version of a model while it serves, reference-counted: the registry holds one reference while the
 * version is current, every run holds one from {@link #tryAcquire()} to {@link #release()}. Retiring drops the
 * registry's reference; the native model (and the predictors the workers made for it) are closed only when the count
 * reaches zero, because closing an ONNX Runtime model under a running predictor crashes the JVM. Zero is final: no
 * one can acquire a version once it is closed.
 */
final class ServingModel {

  private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);

  private final OnnxModel model;
  private final Runnable onClosed;
  private final AtomicInteger references = new AtomicInteger(1);
  private final AtomicBoolean retired = new AtomicBoolean();
  private final Queue<Predictor<NDList, NDList>> predictors = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  ServingModel(OnnxModel model, Runnable onClosed) {
    this.model = model;
    this.onClosed = onClosed;
  }

  ModelCard card() {
    return model.card();
  }

  String id() {
    return card().id();
  }

  /** Takes a reference for one run; false once the version is closed (the caller then asks the registry again). */
  boolean tryAcquire() {
    while (true) {
      int count = references.get();
      if (count == 0) {
        return false;
      }
      if (references.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  void release() {
    int left = references.decrementAndGet();
    if (left == 0) {
      closeNow();
    } else if (left < 0) {
      throw new IllegalStateException("model " + id() + " released more often than acquired");
    }
  }

  /** No new calls come here any more; closes once the calls in flight are done. */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** A predictor for the calling worker only; must be called while holding a reference. */
  Predictor<NDList, NDList> newPredictor() {
    Predictor<NDList, NDList> predictor = model.newPredictor();
    predictors.add(predictor);
    return predictor;
  }

  /** Runs rows through a predictor of this version; must be called while holding a reference. */
  float[] run(Predictor<NDList, NDList> predictor, float[] features, int rows) {
    return model.run(predictor, features, rows);
  }

  private void closeNow() {
    closed = true;
    Predictor<NDList, NDList> predictor;
    while ((predictor = predictors.poll()) != null) {
      predictor.close();
    }
    model.close();
    LOG.info("model {} closed: retired and no call in flight", id());
    onClosed.run();
  }
}
