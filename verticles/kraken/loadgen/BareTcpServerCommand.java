package kraken.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import kraken.ingest.tcp.FrameDecoder;
import kraken.ingest.tcp.FrameEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kraken tcp-bare-server}: the yardstick for TCP ingest. It speaks the same protocol with the same frame
 * decoder and grants credit the same way, but acknowledges each frame as soon as it is complete, without judging
 * its readings or handing them to a pipeline. Ingest's readings/s over its own is what the processing costs.
 */
@Command(name = "tcp-bare-server", mixinStandardHelpOptions = true,
  description = {"Runs a bare binary-TCP ingest server on 127.0.0.1 that decodes frames and ACKs them without "
    + "processing, for a bounded time: the baseline that TCP ingest is measured against.", ""})
public final class BareTcpServerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port = 18090;

  @Option(names = "--duration", description = "Stop after this long, e.g. 60s (default ${DEFAULT-VALUE}).")
  String duration = "60s";

  @Option(names = "--initial-credits", description = "Frames granted on hello (default ${DEFAULT-VALUE}).")
  int initialCredits = 16;

  @Option(names = "--max-frame-bytes", description = "Largest frame accepted (default ${DEFAULT-VALUE}).")
  int maxFrameBytes = 1_048_576;

  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong readings = new AtomicLong();

  @Override
  public Integer call() throws Exception {
    long runMillis = LoadGenCommand.parse(duration).toMillis();
    Vertx vertx = Vertx.vertx();
    try {
      NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port)
        .setTcpNoDelay(true)).connectHandler(this::serve);
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      System.err.println("kraken tcp-bare-server: listening on 127.0.0.1:" + port + " for " + duration);
      CountDownLatch done = new CountDownLatch(1);
      long started = System.currentTimeMillis();
      vertx.setPeriodic(1000, id -> System.err.printf("kraken tcp-bare-server: %ds, %d frames, %d readings acked%n",
        (System.currentTimeMillis() - started) / 1000, frames.get(), readings.get()));
      vertx.setTimer(runMillis, id -> done.countDown());
      done.await();
      System.out.printf("{\"frames\":%d,\"readings\":%d}%n", frames.get(), readings.get());
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private void serve(NetSocket socket) {
    FrameDecoder decoder = FrameDecoder.ofClientStream(maxFrameBytes);
    socket.handler(chunk -> {
      FrameDecoder.Result result = decoder.feed(chunk.getBytes());
      Buffer out = Buffer.buffer();
      if (result.helloCompleted()) {
        out.appendBuffer(FrameEncoder.credit(initialCredits));
      }
      for (FrameDecoder.Frame frame : result.frames()) {
        ByteBuffer body = ByteBuffer.wrap(frame.body());
        long sequence = body.getInt() & 0xFFFF_FFFFL;
        int count = body.getShort() & 0xFFFF;
        frames.incrementAndGet();
        readings.addAndGet(count);
        out.appendBuffer(FrameEncoder.ack(sequence, count, 0)).appendBuffer(FrameEncoder.credit(1));
      }
      if (result.error() != null) {
        out.appendBuffer(FrameEncoder.error(result.error().reason(), result.error().message()));
        socket.write(out).onComplete(v -> socket.close());
        return;
      }
      if (out.length() > 0) {
        socket.write(out);
      }
    });
  }
}
