package kraken.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code kraken drill-check}: after a failover drill, proves from the generator's acked-ids file and the picture
 * that no acknowledged reading is missing and none is counted twice ({@link PictureAudit}).
 */
@Command(name = "drill-check", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Compares the readings a load run had acknowledged (kraken loadgen --acked-ids FILE) with the "
    + "readingCount of each contact C-<sensorId> in the picture, and exits 0 only if no acknowledged reading is "
    + "missing and none is counted twice. Readings sent but never acknowledged (FILE.unacked, written beside "
    + "the acked ids) may be in the picture; they are reported as unacknowledged but present. Use it on a "
    + "picture that holds only the run's sensors (a fresh cluster).", ""})
public final class DrillCheckCommand implements Callable<Integer> {

  static final int EXIT_HOLDS = 0;
  static final int EXIT_VIOLATED = 1;
  static final int EXIT_CANNOT_CHECK = 2;
  /** The contacts API's largest page. */
  private static final int PAGE = 1000;
  private static final int FETCH_ATTEMPTS = 5;

  @Option(names = "--acked-ids", required = true, paramLabel = "FILE",
    description = "Lines sensorId<TAB>readingId of acknowledged readings (repeats are counted once).")
  Path ackedIds;

  @Option(names = "--unacked-ids", paramLabel = "FILE",
    description = "Readings sent but never acknowledged, same format (default: FILE.unacked beside --acked-ids, "
      + "if it exists).")
  Path unackedIds;

  @Option(names = "--tactical-url", required = true, paramLabel = "URL",
    description = "Base URL of a tactical node, e.g. http://127.0.0.1:8081.")
  URI tacticalUrl;

  @Option(names = "--json", description = "Print only the verdict as one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() {
    PictureAudit.Result result;
    try {
      IdsFile acked = IdsFile.read(ackedIds);
      Path unackedFile = unackedIds != null ? unackedIds
        : ackedIds.resolveSibling(ackedIds.getFileName() + ".unacked");
      IdsFile unacked = unackedIds != null || Files.exists(unackedFile) ? IdsFile.read(unackedFile) : IdsFile.EMPTY;
      result = PictureAudit.compare(acked.bySensor(), unacked.bySensor(), readingCounts(), acked.lines());
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      System.err.println("kraken drill-check: " + e.getMessage());
      return EXIT_CANNOT_CHECK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_CANNOT_CHECK;
    }
    if (!json) {
      System.out.println(result.describe());
    }
    System.out.println(result.toJson().encode());
    return result.holds() ? EXIT_HOLDS : EXIT_VIOLATED;
  }

  /**
   * {@code readingCount} per contact, from {@code GET /api/v1/contacts} page by page ({@link #PAGE} at a time, until
   * every matching contact is read); a node that is still recovering is asked again.
   */
  private Map<String, Long> readingCounts() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, Long> counts = new HashMap<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonObject page = fetchPage(client, offset);
      counts.putAll(countsOf(page.getJsonArray("contacts")));
      if (offset + PAGE >= page.getInteger("total", 0)) {
        return counts;
      }
    }
  }

  private JsonObject fetchPage(HttpClient client, int offset) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(tacticalUrl.resolve("/api/v1/contacts?limit=" + PAGE + "&offset="
      + offset)).timeout(Duration.ofSeconds(30)).GET().build();
    String problem = "";
    for (int attempt = 1; attempt <= FETCH_ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return new JsonObject(response.body());
        }
        problem = "HTTP " + response.statusCode() + ": " + response.body();
      } catch (IOException e) {
        problem = e.toString();
      }
      Thread.sleep(1000L * attempt);
    }
    throw new IOException("GET " + request.uri() + " failed " + FETCH_ATTEMPTS + " times, last: " + problem);
  }

  static Map<String, Long> countsOf(JsonArray contacts) {
    Map<String, Long> counts = new HashMap<>();
    for (Object item : contacts) {
      JsonObject contact = (JsonObject) item;
      counts.put(contact.getString("contactId"), contact.getLong("readingCount", 0L));
    }
    return counts;
  }

  /** A file of {@code sensorId<TAB>readingId} lines, read into distinct ids per sensor. */
  record IdsFile(Map<String, Set<String>> bySensor, long lines) {

    static final IdsFile EMPTY = new IdsFile(Map.of(), 0);

    static IdsFile read(Path file) throws IOException {
      Map<String, Set<String>> bySensor = new HashMap<>();
      long[] lines = {0};
      try (Stream<String> content = Files.lines(file, StandardCharsets.UTF_8)) {
        content.filter(line -> !line.isBlank()).forEach(line -> {
          int tab = line.indexOf('\t');
          if (tab <= 0 || tab == line.length() - 1) {
            throw new IllegalStateException(file + " line " + (lines[0] + 1) + " is not sensorId<TAB>readingId: '"
              + line + "'");
          }
          lines[0]++;
          bySensor.computeIfAbsent(line.substring(0, tab), k -> new HashSet<>()).add(line.substring(tab + 1));
        });
      }
      return new IdsFile(bySensor, lines[0]);
    }
  }
}
