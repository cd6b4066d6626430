package kraken.bench;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A progress line each second on stderr for the tactical benchmarks: phase, count, rate, and ETA when known. */
final class BenchProgress implements AutoCloseable {

  private final String command;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "bench-progress");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong done = new AtomicLong();
  private volatile String phase = "starting";
  private volatile long total;
  private volatile long phaseStarted = System.nanoTime();
  private volatile String detail = "";

  BenchProgress(String command) {
    this.command = command;
    timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
  }

  /** A new phase of {@code total} units (0: unknown, no ETA). */
  void start(String phase, long total) {
    this.phase = phase;
    this.total = total;
    this.detail = "";
    this.done.set(0);
    this.phaseStarted = System.nanoTime();
  }

  void done(long n) {
    done.addAndGet(n);
  }

  /** Extra words on the line, e.g. the latest percentile. */
  void detail(String detail) {
    this.detail = detail;
  }

  private void print() {
    double seconds = (System.nanoTime() - phaseStarted) / 1e9;
    double rate = done.get() / Math.max(1e-9, seconds);
    String eta = total <= 0 ? "" : rate <= 0 ? ", ETA unknown"
      : String.format(Locale.ROOT, ", ETA %.0f s", (total - done.get()) / rate);
    System.err.printf(Locale.ROOT, "kraken %s: %s: %d done, %.0f/s%s%s%n", command, phase, done.get(), rate, eta,
      detail.isEmpty() ? "" : ", " + detail);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
