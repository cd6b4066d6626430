package kraken.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * GET requests against one target, over a keep-alive pool of {@code connections}, in two ways.
 * <p>
 * Open loop: request {@code n} is due {@code n / rate} s after the start whatever happened to the others, and its
 * latency counts from that due time, so time spent waiting for a connection or behind a slow server is counted
 * (no coordinated omission). Due requests queue in the generator and each free connection takes the oldest; at most
 * {@code maxOutstanding} wait at once: past that, due requests are not sent and counted as
 * {@code not_sent_server_behind}, so that an endpoint far below the rate cannot grow the queue without bound. A
 * request that waited longer than {@code timeoutMs} for a connection is not sent and counted as an error; one sent
 * gives up after {@code timeoutMs} without an answer (an error too).
 * <p>
 * Closed loop: {@code concurrency} requests kept in flight for the duration, the next sent when one completes: the
 * most the target serves, for the throughput ratio between targets.
 */
final class GetLoad {

  /** What is measured: a name for the report, a port on 127.0.0.1 and a request URI. */
  record Target(String name, int port, String uri) {
  }

  private final Vertx vertx;
  private final int connections;
  private final long timeoutMs;
  private final int maxOutstanding;

  GetLoad(Vertx vertx, int connections, long timeoutMs, int maxOutstanding) {
    this.vertx = vertx;
    this.connections = connections;
    this.timeoutMs = timeoutMs;
    this.maxOutstanding = maxOutstanding;
  }

  /** Everything one phase saw; shared by the event loops of the pool, hence synchronized. */
  private static final class Tally {
    final Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    final Map<String, Long> errors = new TreeMap<>();
    long ok;
    long bytes;
    long notSent;

    synchronized void ok(long latencyNanos, int size) {
      ok++;
      bytes += size;
      micros.recordValue(Math.min(micros.getHighestTrackableValue(), Math.max(1, latencyNanos / 1000)));
    }

    synchronized void error(String reason) {
      errors.merge(reason, 1L, Long::sum);
    }

    synchronized long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized JsonObject toJson(Target target, double seconds) {
      JsonObject json = new JsonObject().put("target", target.name()).put("uri", target.uri()).put("ok", ok)
        .put("errors", errorCount()).put("errors_by_reason", new JsonObject(new TreeMap<>(errors)))
        .put("throughput_per_second", ok / seconds).put("mean_response_bytes", ok == 0 ? 0 : bytes / ok);
      if (ok > 0) {
        json.put("p50_ms", micros.getValueAtPercentile(50) / 1000.0).put("p90_ms", micros.getValueAtPercentile(90) / 1000.0)
          .put("p99_ms", micros.getValueAtPercentile(99) / 1000.0).put("max_ms", micros.getMaxValue() / 1000.0);
      }
      return json;
    }
  }

  private HttpClient client(int poolSize) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
      new PoolOptions().setHttp1MaxSize(poolSize).setEventLoopSize(2));
  }

  private Future<Void> get(HttpClient client, Target target, long intendedNanos, Tally tally) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
      .setPort(target.port()).setURI(target.uri()).setIdleTimeout(timeoutMs);
    return client.request(options)
      .compose(request -> request.send().compose(response -> response.body().map(body -> {
        if (response.statusCode() == 200) {
          tally.ok(System.nanoTime() - intendedNanos, body.length());
        } else {
          tally.error("status_" + response.statusCode());
        }
        return (Void) null;
      })))
      .recover(failure -> {
        tally.error(failure instanceof java.util.concurrent.TimeoutException
          || String.valueOf(failure.getMessage()).contains("timeout") ? "timeout" : "transport_error");
        return Future.succeededFuture();
      });
  }

  /** The open loop at {@code rate} requests/s for {@code durationMs}; blocks until every request has ended. */
  JsonObject openLoop(Target target, double rate, long durationMs, BenchProgress progress) {
    long total = (long) Math.floor(rate * durationMs / 1000.0);
    progress.start("open loop " + target.name() + " at " + (long) rate + "/s", total);
    Tally tally = new Tally();
    HttpClient client = client(connections);
    Context context = vertx.getOrCreateContext();
    Promise<Double> finished = Promise.promise();
    long timeoutNanos = timeoutMs * 1_000_000;
    context.runOnContext(v -> new Object() {
      final long start = System.nanoTime();
      /** Intended send times of the due requests waiting for a free connection, oldest first. */
      final ArrayDeque<Long> waiting = new ArrayDeque<>();
      long issued;
      int inFlight;
      long timer = vertx.setPeriodic(1, id -> tick());

      void tick() {
        long due = Math.min(total, (long) Math.floor((System.nanoTime() - start) * rate / 1e9) + 1);
        for (; issued < due; issued++) {
          if (waiting.size() >= maxOutstanding) {
            synchronized (tally) {
              tally.notSent++;
            }
            progress.done(1);
          } else {
            waiting.add(start + (long) Math.ceil(issued * 1e9 / rate));
          }
        }
        dispatch();
      }

      /** Each free connection takes the oldest waiting request; one that waited past the timeout is an error. */
      void dispatch() {
        while (inFlight < connections && !waiting.isEmpty()) {
          long intended = waiting.poll();
          if (System.nanoTime() - intended > timeoutNanos) {
            tally.error("timeout_waiting_for_a_connection");
            progress.done(1);
            continue;
          }
          inFlight++;
          get(client, target, intended, tally).onComplete(done -> context.runOnContext(x -> {
            inFlight--;
            progress.done(1);
            dispatch();
          }));
        }
        if (issued >= total && waiting.isEmpty()) {
          vertx.cancelTimer(timer);
          if (inFlight == 0) {
            finished.tryComplete((System.nanoTime() - start) / 1e9);
          }
        }
      }
    });
    double seconds = await(finished.future(), durationMs + 3 * timeoutMs + 30_000);
    client.close();
    synchronized (tally) {
      return tally.toJson(target, seconds).put("mode", "open").put("target_rate_per_second", rate)
        .put("scheduled", total).put("not_sent_server_behind", tally.notSent).put("seconds", seconds);
    }
  }

  /** {@code concurrency} requests kept in flight for {@code durationMs}; blocks until the last has ended. */
  JsonObject closedLoop(Target target, int concurrency, long durationMs, BenchProgress progress) {
    progress.start("closed loop " + target.name() + ", " + concurrency + " in flight", 0);
    Tally tally = new Tally();
    // one connection per request in flight: no request waits in the pool
    HttpClient client = client(concurrency);
    Context context = vertx.getOrCreateContext();
    Promise<Double> finished = Promise.promise();
    long start = System.nanoTime();
    long deadline = start + durationMs * 1_000_000;
    context.runOnContext(v -> new Object() {
      int running = concurrency;

      {
        for (int i = 0; i < concurrency; i++) {
          next();
        }
      }

      void next() {
        if (System.nanoTime() >= deadline) {
          if (--running == 0) {
            finished.tryComplete((System.nanoTime() - start) / 1e9);
          }
          return;
        }
        get(client, target, System.nanoTime(), tally)
          .onComplete(done -> context.runOnContext(x -> {
            progress.done(1);
            next();
          }));
      }
    });
    double seconds = await(finished.future(), durationMs + 2 * timeoutMs + 30_000);
    client.close();
    return tally.toJson(target, seconds).put("mode", "closed").put("concurrency", concurrency).put("seconds", seconds);
  }

  private static <T> T await(Future<T> future, long limitMs) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(limitMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("a load phase did not end within " + limitMs + " ms: " + e, e);
    }
  }
}
