package kraken.bus;

import io.vertx.core.eventbus.EventBus;

/** Registers the codec of every message record; every node calls this once before deploying verticles. */
public final class BusCodecs {

  private BusCodecs() {
  }

  public static void register(EventBus bus) {
    bus.registerDefaultCodec(ReadingBatch.class, new ReadingBatchCodec());
    bus.registerDefaultCodec(AssessmentBatch.class,
      new JsonRecordCodec<>(AssessmentBatch.class, AssessmentBatch::toJson, AssessmentBatch::fromJson));
    bus.registerDefaultCodec(PipelineReceipt.class,
      new JsonRecordCodec<>(PipelineReceipt.class, PipelineReceipt::toJson, PipelineReceipt::fromJson));
    bus.registerDefaultCodec(LoadReport.class,
      new JsonRecordCodec<>(LoadReport.class, LoadReport::toJson, LoadReport::fromJson));
    bus.registerDefaultCodec(ThreatReport.class,
      new JsonRecordCodec<>(ThreatReport.class, ThreatReport::toJson, ThreatReport::fromJson));
  }
}
