package kraken.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.PipelineFailure;
import kraken.bus.PipelineReceipt;
import kraken.bus.ReadingBatch;
import kraken.config.Settings;
import kraken.ops.InFlight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;



/**
 * Scores reading batches through a {@link Scorer} and sends one assessment per contact to tactical. Replies to
 * ingest with the receipt tactical gives, so a reading is acknowledged only once it is in the picture.
 *
 * <p>The scorer: with {@code inference.scorer=models} and a {@link ModelScorerFactory}, the models (loaded from the
 * {@link ModelSource} into a {@link ModelRegistry}, served by {@link ModelServing}) behind a {@link DegradingScorer}
 * whose fallback is the {@link RuleScorer}; otherwise the rules alone, not degraded.
 */
public final class InferenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceVerticle.class);
  private final InFlight inFlight = new InFlight();
  private final MeterRegistry meters;
  private final ModelScorerFactory modelScorers;
  private final ModelSource modelSource;
  private final java.util.function.Function<ModelCard, String> modelContract;
  private String nodeId;
  private DeliveryOptions toTactical;
  private MessageConsumer<ReadingBatch> consumer;
  private Scorer scorer;
  private ModelServing serving;

  /** The rules only, until a model scorer is built in. */
  public InferenceVerticle(MeterRegistry meters) {
    this(meters, null, null);
  }

  /**
   * @param modelScorers makes the model scorer over the serving machinery; null: the rules alone
   * @param modelSource  where the models come from; null: {@link #defaultSource()}
   */
  public InferenceVerticle(MeterRegistry meters, ModelScorerFactory modelScorers, ModelSource modelSource) {
    this(meters, modelScorers, modelSource, card -> null);
  }

  /** @param modelContract what the model scorer needs of a model: the problem with a card, or null (see ModelRegistry) */
  public InferenceVerticle(MeterRegistry meters, ModelScorerFactory modelScorers, ModelSource modelSource,
                           java.util.function.Function<ModelCard, String> modelContract) {
    this.meters = meters;
    this.modelScorers = modelScorers;
    this.modelSource = modelSource;
    this.modelContract = modelContract;
  }

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    // Shorter than ingest's wait, so that ingest hears tactical's failure rather than timing out itself.
    // A node that runs tactical folds its own assessments: no extra hop across the cluster (the fold itself goes to
    // the members owning the contacts anyway).
    // The models may take up to the breaker's timeout before tactical is asked, so tactical gets what is left.
    int pipeline = Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config());
    boolean models = modelScorers != null && Settings.INFERENCE_SCORER.from(config()).equals("models");
    long scoring = models ? Settings.INFERENCE_BREAKER_TIMEOUT_MS.from(config()) : 0;
    long tacticalWait = pipeline * 4L / 5 - scoring;
    if (tacticalWait < pipeline / 5) {
      return Future.failedFuture(new IllegalArgumentException(Settings.INFERENCE_BREAKER_TIMEOUT_MS.key() + " "
        + scoring + " leaves tactical only " + tacticalWait + " ms of " + Settings.INGEST_PIPELINE_TIMEOUT_MS.key()
        + " " + pipeline + ": expected at most " + pipeline * 3 / 5 + " ms (three fifths of the pipeline timeout)"));
    }
    toTactical = new DeliveryOptions().setSendTimeout(tacticalWait)
      .setLocalOnly(Settings.VERTICLES.from(config()).contains("tactical"));
    return chooseScorer().compose(chosen -> {
      scorer = chosen;
      consumer = vertx.eventBus().consumer(Addresses.READINGS, this::assess);
      return consumer.completion();
    }).onSuccess(v -> LOG.info("inference scoring on {} with {}", Addresses.READINGS, describe()));
  }

  /** Takes no more batches, answers those it holds, then releases the scorer and the models. */
  @Override
  public Future<?> stop() {
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered
      .compose(v -> inFlight.drained(vertx, Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config())))
      .compose(v -> scorer == null ? Future.succeededFuture() : scorer.close())
      .compose(v -> serving == null ? Future.succeededFuture() : serving.close());
  }

  private Future<Scorer> chooseScorer() {
    RuleScorer rules = new RuleScorer(vertx, Settings.INFERENCE_RULES_WORKERS.from(config()));
    if (Settings.INFERENCE_SCORER.from(config()).equals("rules") || modelScorers == null) {
      return Future.succeededFuture(rules);
    }
    ModelRegistry registry = new ModelRegistry(vertx, modelContract);
    serving = new ModelServing(vertx, registry, ServingLimits.from(config()), meters);
    ModelSource source = modelSource == null ? defaultSource() : modelSource;
    return registry.loadFrom(source)
      .map(cards -> (Scorer) new DegradingScorer(vertx, modelScorers.create(serving, config()), rules, config(), meters));
  }

  /** The PostgreSQL model store when {@code postgres.uri} is set (seeded from the jar), else the jar's models. */
  private ModelSource defaultSource() {
    return Settings.POSTGRES_URI.from(config()).isEmpty() ? new JarModelSource(vertx)
      : new StoreModelSource(vertx, config());
  }

  private String describe() {
    if (serving == null) {
      return RuleBasedScorer.MODEL_VERSION + (modelScorers == null ? " (no model scorer built in)" : " (inference.scorer=rules)");
    }
    return "the models " + serving.registry().versions() + ", the rules (" + RuleBasedScorer.MODEL_VERSION
      + ") answering degraded when they cannot";
  }

  private void assess(Message<ReadingBatch> message) {
    ReadingBatch batch = message.body();
    inFlight.begin();
    Future.succeededFuture(batch).compose(scorer::assess)
      .recover(failure -> {
        LOG.error("could not assess a batch of {} readings from {}", batch.readings().size(), batch.ingestNode(), failure);
        return Future.failedFuture(new ScoringFailed(failure));
      })
      .compose(updates -> vertx.eventBus().<PipelineReceipt>request(Addresses.ASSESSMENTS,
        new AssessmentBatch(nodeId, batch.readings().size(), updates), toTactical))
      .onComplete(done -> inFlight.end())
      .onSuccess(receipt -> message.reply(receipt.body()))
      .onFailure(failure -> failTowardsIngest(message, failure));
  }

  /** Scoring itself failed (not tactical): nothing reached the picture. */
  private static final class ScoringFailed extends RuntimeException {
    ScoringFailed(Throwable cause) {
      super("inference failed on this batch: " + cause, cause, false, false);
    }
  }

  /** Passes the failure on with a code that says whether the batch was taken (see PipelineFailure). */
  private static void failTowardsIngest(Message<ReadingBatch> message, Throwable failure) {
    if (failure instanceof ScoringFailed scoring) {
      message.fail(PipelineFailure.FAILED, scoring.getMessage());
    } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      message.fail(PipelineFailure.UNAVAILABLE, "no tactical node is running");
    } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      message.fail(PipelineFailure.TIMEOUT, "tactical did not confirm in time");
    } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      message.fail(reply.failureCode(), reply.getMessage());
    } else {
      message.fail(PipelineFailure.FAILED, "tactical failed: " + failure.getMessage());
    }
  }
}
