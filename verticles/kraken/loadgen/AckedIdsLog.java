package kraken.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code --acked-ids FILE}: one line {@code sensorId<TAB>readingId} per acknowledged reading, so a later check can
 * prove that every acknowledged reading reached the picture. The event loop only builds the lines; one thread of
 * its own writes them, in order, through a large buffer.
 */
final class AckedIdsLog {

  private final ExecutorService writerThread = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "kraken-loadgen-acked-ids");
    thread.setDaemon(true);
    return thread;
  });
  private final BufferedWriter writer;
  private final Path file;
  private volatile IOException failure;

  private AckedIdsLog(Path file) throws IOException {
    this.file = file;
    this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  /** Opens (truncates) {@code file}; null when no file was asked for. */
  static AckedIdsLog open(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return new AckedIdsLog(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write acknowledged ids to " + file + ": " + e.getMessage(), e);
    }
  }

  void record(List<GeneratedReading> acked) {
    StringBuilder lines = new StringBuilder(acked.size() * 48);
    for (GeneratedReading reading : acked) {
      lines.append(reading.sensorId()).append('\t').append(reading.id()).append('\n');
    }
    writerThread.execute(() -> write(lines));
  }

  private void write(CharSequence lines) {
    try {
      writer.append(lines);
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Flushes and closes the file once every line handed over so far is written. */
  Future<Void> close(Context context) {
    Promise<Void> closed = Promise.promise();
    writerThread.execute(() -> {
      IOException problem = failure;
      try {
        writer.close();
      } catch (IOException e) {
        problem = problem == null ? e : problem;
      }
      IOException reported = problem;
      // complete on the caller's event loop, not on this writer thread
      context.runOnContext(v -> {
        if (reported == null) {
          closed.complete();
        } else {
          closed.fail(new UncheckedIOException("writing acknowledged ids to " + file + " failed: "
            + reported.getMessage(), reported));
        }
      });
    });
    writerThread.shutdown();
    return closed.future();
  }
}
