package kraken.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Readings as one JSON array per {@code POST /api/v1/sensors/data}, over a keep-alive pool of {@code connections}
 * connections. A 202 acknowledges every reading; anything else refuses them all (ingest takes a request whole
 * or not at all), with the reason codes of the body's {@code problems}.
 */
final class HttpIngestTransport implements IngestTransport {

  /** Ingest refuses bodies above 1 MiB by default; 768 KiB leaves room for our size estimate to be rough. */
  static final int MAX_BODY_BYTES = 768 * 1024;
  /** Fields, names and quotes around the payload, generously: the longest reading without payload is ~330 bytes. */
  private static final int JSON_OVERHEAD_PER_READING = 400;
  private static final String DEFAULT_PATH = "/api/v1/sensors/data";
  /** Longer than ingest's pipeline timeout (5 s by default) so that its 503 arrives before we give up. */
  static final int REQUEST_TIMEOUT_MS = 30_000;

  private final WebClient client;
  private final String path;
  private final long requestTimeoutMs;

  HttpIngestTransport(Vertx vertx, URI ingestUrl, int connections) {
    this(vertx, ingestUrl, connections, REQUEST_TIMEOUT_MS);
  }

  HttpIngestTransport(Vertx vertx, URI ingestUrl, int connections, long requestTimeoutMs) {
    this.requestTimeoutMs = requestTimeoutMs;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(ingestUrl.getHost())
      .setDefaultPort(ingestUrl.getPort() < 0 ? 80 : ingestUrl.getPort()).setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(connections));
    this.path = ingestUrl.getPath() == null || ingestUrl.getPath().isEmpty() || ingestUrl.getPath().equals("/")
      ? DEFAULT_PATH : ingestUrl.getPath();
  }

  @Override
  public Future<SendOutcome> send(List<GeneratedReading> readings) {
    return client.post(path).putHeader("Content-Type", "application/json").timeout(requestTimeoutMs)
      .sendBuffer(body(readings))
      .map(response -> outcome(readings.size(), response));
  }

  @Override
  public int encodedSize(GeneratedReading reading) {
    return JSON_OVERHEAD_PER_READING + 4 * ((reading.payload().length + 2) / 3);
  }

  @Override
  public int maxRequestBytes() {
    return MAX_BODY_BYTES;
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }

  static Buffer body(List<GeneratedReading> readings) {
    StringBuilder json = new StringBuilder(readings.size() * JSON_OVERHEAD_PER_READING).append('[');
    Base64.Encoder base64 = Base64.getEncoder();
    for (int i = 0; i < readings.size(); i++) {
      GeneratedReading r = readings.get(i);
      if (i > 0) {
        json.append(',');
      }
      // ids and sensor ids are generated from [a-z0-9-] only, so they need no escaping
      json.append("{\"id\":\"").append(r.id()).append("\",\"sensorId\":\"").append(r.sensorId())
        .append("\",\"timestamp\":").append(r.timestamp())
        .append(",\"sensorType\":").append(r.sensorType().toJson().encode());
      if (r.payload().length > 0) {
        json.append(",\"payload\":\"").append(base64.encodeToString(r.payload())).append('"');
      }
      json.append('}');
    }
    return Buffer.buffer(json.append(']').toString());
  }

  static SendOutcome outcome(int readings, HttpResponse<Buffer> response) {
    if (response.statusCode() == 202) {
      return SendOutcome.acked(readings);
    }
    SendOutcome refusal = refusal(readings, response);
    long retryAfterMillis = retryAfterMillis(response.getHeader("Retry-After"));
    return retryAfterMillis < 0 ? refusal : refusal.retryAfter(retryAfterMillis);
  }

  /** Retry-After in seconds (ingest never sends the HTTP-date form), or -1 when absent or unreadable. */
  static long retryAfterMillis(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException notSeconds) {
      return -1;
    }
  }

  private static SendOutcome refusal(int readings, HttpResponse<Buffer> response) {
    String fallback = "http_" + response.statusCode();
    JsonArray problems;
    try {
      JsonObject body = response.bodyAsJsonObject();
      problems = body == null ? null : body.getJsonArray("problems");
    } catch (RuntimeException notJson) {
      problems = null;
    }
    if (problems == null || problems.isEmpty()) {
      return SendOutcome.refused(readings, fallback);
    }
    Map<Integer, String> byReading = new HashMap<>();
    for (Object item : problems) {
      if (!(item instanceof JsonObject problem)) {
        continue;
      }
      String reason = problem.getString("reason", fallback);
      Integer index = problem.getInteger("reading");
      if (index == null) {
        return SendOutcome.refused(readings, reason); // a problem with the request as a whole
      }
      byReading.putIfAbsent(index, reason);
    }
    return byReading.isEmpty() ? SendOutcome.refused(readings, fallback)
      : SendOutcome.refusedByReading(readings, byReading);
  }
}
