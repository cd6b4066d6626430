package kraken.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's ingest-to-picture histogram, read from its Prometheus endpoint: cumulative counts by bucket. */
record HistogramScrape(TreeMap<Double, Double> buckets) {

  private static final Pattern BUCKET =
    Pattern.compile("^kraken_ingest_to_picture_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*}\\s+(\\S+)");

  static Future<HistogramScrape> fetch(Vertx vertx, URI url) {
    if (url == null) {
      return Future.failedFuture("no metrics URL");
    }
    WebClient client = WebClient.create(vertx);
    return client.getAbs(url.toString()).send()
      .map(response -> parse(response.bodyAsString()))
      .eventually(() -> {
        client.close();
        return Future.succeededFuture();
      });
  }

  static HistogramScrape parse(String exposition) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      Matcher m = BUCKET.matcher(line);
      if (m.find()) {
        double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
        buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return new HistogramScrape(buckets);
  }

  HistogramScrape minus(HistogramScrape earlier) {
    TreeMap<Double, Double> diff = new TreeMap<>();
    buckets.forEach((le, count) -> diff.put(le, count - earlier.buckets.getOrDefault(le, 0.0)));
    return new HistogramScrape(diff);
  }

  double count() {
    return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
  }

  /** The upper bound (seconds) of the bucket holding quantile {@code q}, or NaN with no samples. */
  double quantileUpperBound(double q) {
    double total = count();
    if (total <= 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= q * total) {
        return bucket.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
