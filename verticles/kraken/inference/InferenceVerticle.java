package kraken.inference;

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
 * Scores reading batches and sends one assessment per contact to tactical. Replies to ingest with the
 * receipt tactical gives, so a reading is acknowledged only once it is in the picture.
 */
public final class InferenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceVerticle.class);
  private final InFlight inFlight = new InFlight();
  private final ContactFusion fusion = new ContactFusion(new RuleBasedScorer());
  private String nodeId;
  private DeliveryOptions toTactical;
  private MessageConsumer<ReadingBatch> consumer;

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    // Shorter than ingest's wait, so that ingest hears tactical's failure rather than timing out itself.
    // A node that runs tactical folds its own assessments: no extra hop across the cluster (the fold itself goes to
    // the members owning the contacts anyway).
    toTactical = new DeliveryOptions().setSendTimeout(Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config()) * 4L / 5)
      .setLocalOnly(Settings.VERTICLES.from(config()).contains("tactical"));
    consumer = vertx.eventBus().consumer(Addresses.READINGS, this::assess);
    return consumer.completion()
      .onSuccess(v -> LOG.info("inference scoring with {} on {}", RuleBasedScorer.MODEL_VERSION, Addresses.READINGS));
  }

  /** Takes no more batches and answers those it holds before it stops. */
  @Override
  public Future<?> stop() {
    return consumer.unregister()
      .compose(v -> inFlight.drained(vertx, Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config())));
  }

  private void assess(Message<ReadingBatch> message) {
    ReadingBatch batch = message.body();
    AssessmentBatch assessed;
    try {
      assessed = new AssessmentBatch(nodeId, batch.readings().size(), fusion.updates(batch, System.currentTimeMillis()));
    } catch (RuntimeException e) {
      LOG.error("could not assess a batch of {} readings from {}", batch.readings().size(), batch.ingestNode(), e);
      message.fail(PipelineFailure.FAILED, "inference failed on this batch: " + e);
      return;
    }
    inFlight.begin();
    vertx.eventBus().<PipelineReceipt>request(Addresses.ASSESSMENTS, assessed, toTactical)
      .onComplete(done -> inFlight.end())
      .onSuccess(receipt -> message.reply(receipt.body()))
      .onFailure(failure -> failTowardsIngest(message, failure));
  }

  /** Passes tactical's failure on with a code that says whether the batch was taken (see PipelineFailure). */
  private static void failTowardsIngest(Message<ReadingBatch> message, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
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
