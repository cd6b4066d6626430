package kraken.ops;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import kraken.bus.Addresses;
import kraken.bus.LoadReport;
import kraken.config.Settings;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** Publishes this node's load to the scaler every {@code reports.intervalMs}; every node runs one. */
public final class LoadReporter extends VerticleBase {

  private final NodeState node;
  private final MeterRegistry meters;
  private final OperatingSystemMXBean os =
    (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long timer;
  private double lastAccepted;
  private double lastRejected;
  private long lastAt;
  private final IntervalPercentile p95 = new IntervalPercentile(0.95);

  public LoadReporter(NodeState node, MeterRegistry meters) {
    this.node = node;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    lastAt = System.currentTimeMillis();
    timer = vertx.setPeriodic(Settings.REPORT_INTERVAL_MS.from(config()), id -> report());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void report() {
    long now = System.currentTimeMillis();
    double seconds = Math.max(0.001, (now - lastAt) / 1000.0);
    double accepted = total(Meters.READINGS_ACCEPTED);
    double rejected = total(Meters.READINGS_REJECTED);
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    LoadReport report = new LoadReport(node.nodeId(), node.verticles(), (accepted - lastAccepted) / seconds,
      (rejected - lastRejected) / seconds, heap.getUsed(), heap.getMax(), Math.max(0, os.getProcessCpuLoad()), queuedRows(),
      p95.sinceLast(meters.find(Meters.INGEST_TO_PICTURE).timers()), now);
    lastAccepted = accepted;
    lastRejected = rejected;
    lastAt = now;
    vertx.eventBus().publish(Addresses.LOAD_REPORTS, report);
  }

  /** Model rows waiting on this node (the gauge exists only where the model scorer serves). */
  private double queuedRows() {
    return meters.find(Meters.INFERENCE_QUEUED_ROWS).gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  private double total(String meterName) {
    return meters.find(meterName).counters().stream().mapToDouble(Counter::count).sum();
  }
}
