package kraken.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactUpdate;
import kraken.bus.ReadingBatch;
import kraken.config.Settings;
import kraken.ops.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The model scorer behind one circuit breaker, with the rules as its fallback. When a model is missing, fails, the
 * pool is saturated, the models take longer than the breaker's timeout, or the breaker is open, the rules answer the
 * batch and every assessment says {@code degraded: true} with the {@link DegradedReason}; nothing is dropped. Only
 * failures and timeouts count towards opening the breaker: a missing model or a full queue is answered at once and is
 * not a fault of the models.
 */
public final class DegradingScorer implements Scorer {

  private static final Logger LOG = LoggerFactory.getLogger(DegradingScorer.class);
  static final String BREAKER = "kraken-inference-models";

  private final Scorer models;
  private final Scorer rules;
  private final CircuitBreaker breaker;
  private final MeterRegistry meters;
  private final Map<DegradedReason, Counter> degraded = new EnumMap<>(DegradedReason.class);
  private final Gauge breakerOpen;
  private volatile DegradedReason lastReason;

  public DegradingScorer(Vertx vertx, Scorer models, Scorer rules, JsonObject config, MeterRegistry meters) {
    this.models = models;
    this.rules = rules;
    this.meters = meters;
    CircuitBreakerOptions options = new CircuitBreakerOptions()
      .setMaxFailures(Settings.INFERENCE_BREAKER_MAX_FAILURES.from(config))
      .setTimeout(Settings.INFERENCE_BREAKER_TIMEOUT_MS.from(config))
      .setResetTimeout(Settings.INFERENCE_BREAKER_RESET_MS.from(config))
      .setFallbackOnFailure(false)
      .setNotificationAddress(null); // no periodic publication on the (clustered) event bus
    this.breaker = CircuitBreaker.create(BREAKER, vertx, options)
      .failurePolicy(result -> result.failed() && DegradedReason.of(result.cause()).countsAsFailure())
      .openHandler(v -> LOG.warn("circuit breaker {} open after {} model failures or timeouts: the rules answer every "
        + "batch (degraded: circuit_open) for {} ms", BREAKER, options.getMaxFailures(), options.getResetTimeout()))
      .halfOpenHandler(v -> LOG.info("circuit breaker {} half-open: the next batch tries the models", BREAKER))
      .closeHandler(v -> LOG.info("circuit breaker {} closed: the models answer", BREAKER));
    for (DegradedReason reason : DegradedReason.values()) {
      degraded.put(reason, Meters.inferenceDegraded(meters, reason.code()));
    }
    breakerOpen = Gauge.builder(Meters.INFERENCE_BREAKER_OPEN, breaker, b -> b.state() == CircuitBreakerState.CLOSED ? 0 : 1)
      .description("1 while the model circuit breaker is open or half-open").strongReference(true).register(meters);
  }

  @Override
  public Future<List<ContactUpdate>> assess(ReadingBatch batch) {
    return breaker.<List<ContactUpdate>>execute(() -> models.assess(batch))
      .onSuccess(updates -> recovered())
      .recover(failure -> {
        DegradedReason reason = DegradedReason.of(failure);
        noteDegraded(reason, failure, batch);
        return rules.assess(batch).map(updates -> degrade(updates, reason));
      });
  }

  private List<ContactUpdate> degrade(List<ContactUpdate> updates, DegradedReason reason) {
    List<ContactUpdate> marked = new ArrayList<>(updates.size());
    for (ContactUpdate u : updates) {
      marked.add(u.withAssessment(u.assessment().degradedBecause(reason.code())));
    }
    degraded.get(reason).increment(marked.size());
    return marked;
  }

  /** Logs when the reason changes, not for every batch (a missing model would otherwise log at the reading rate). */
  private void noteDegraded(DegradedReason reason, Throwable failure, ReadingBatch batch) {
    if (lastReason != reason) {
      lastReason = reason;
      LOG.warn("inference degraded ({}): the rules answer; first batch: {} readings from {}: {}", reason.code(),
        batch.readings().size(), batch.ingestNode(), failure.toString());
    }
  }

  private void recovered() {
    if (lastReason != null) {
      LOG.info("inference no longer degraded ({} before): the models answer", lastReason.code());
      lastReason = null;
    }
  }

  CircuitBreakerState breakerState() {
    return breaker.state();
  }

  @Override
  public Future<Void> close() {
    breaker.close();
    meters.remove(breakerOpen);
    return Future.join(models.close(), rules.close()).mapEmpty();
  }
}
