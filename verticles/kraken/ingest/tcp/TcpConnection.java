package kraken.ingest.tcp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import kraken.bus.PipelineReceipt;
import kraken.ingest.IngestCore;
import kraken.ingest.Problem;
import kraken.ingest.Problem.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One client connection of {@link TcpIngest}: decodes its stream, judges each READINGS frame, submits the valid
 * readings to the core and answers the frame with one ACK (all taken) or NACK (the refused ones, with reasons),
 * followed by a credit for one more frame unless the core is overloaded. A frame sent without credit, or a stream
 * that cannot be resynchronised, gets an ERROR frame and the connection is closed.
 */
final class TcpConnection {

  private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

  private final TcpIngest server;
  private final NetSocket socket;
  private final IngestCore core;
  private final TcpIngest.Limits limits;
  private final FrameDecoder decoder;
  /** Frames the client may still send. */
  private long credit;
  /** Credit earned by answers while the core was overloaded, granted when it admits again. */
  private long withheld;
  /** Frames received and not answered yet. */
  private int unanswered;
  /** When the incomplete frame (or hello) now held started to arrive; 0 if none is. */
  private long partialSince;
  private boolean paused;
  private boolean ending;
  private boolean draining;

  TcpConnection(TcpIngest server, NetSocket socket, IngestCore core, TcpIngest.Limits limits) {
    this.server = server;
    this.socket = socket;
    this.core = core;
    this.limits = limits;
    this.decoder = FrameDecoder.ofClientStream(limits.maxFrameBytes());
    this.partialSince = System.currentTimeMillis();
    socket.handler(this::receive);
    socket.closeHandler(closed -> server.forget(this));
    socket.exceptionHandler(failure -> LOG.debug("TCP ingest connection from {}: {}", socket.remoteAddress(),
      failure.toString()));
    socket.shutdownHandler(shutdown -> drain());
  }

  private void receive(Buffer chunk) {
    if (ending) {
      return;
    }
    FrameDecoder.Result result = decoder.feed(chunk.getBytes());
    if (result.helloCompleted()) {
      grant(limits.initialCredits());
    }
    for (FrameDecoder.Frame frame : result.frames()) {
      if (credit == 0) {
        fail(new FrameDecoder.StreamError(Reason.no_credit, "a frame arrived without credit: send a READINGS frame "
          + "only while the server has granted credit (CREDIT frames) that earlier frames have not used up"));
        return;
      }
      credit--;
      answer(frame);
    }
    if (result.error() != null) {
      fail(result.error());
      return;
    }
    boolean completedSomething = result.helloCompleted() || !result.frames().isEmpty();
    if (!decoder.hasPartialFrame()) {
      partialSince = 0;
    } else if (completedSomething || partialSince == 0) {
      partialSince = System.currentTimeMillis();
    }
  }

  private void answer(FrameDecoder.Frame frame) {
    long receivedAt = System.currentTimeMillis();
    ReadingsFrame judged = ReadingsFrame.judge(frame.body(), limits.maxReadings(), receivedAt);
    judged.refusals().forEach(refusal -> core.countRejected(refusal.reason(), ReadingsFrame.refusedCount(judged, refusal)));
    unanswered++;
    if (judged.readings().isEmpty()) {
      reply(judged, null, List.of());
      return;
    }
    Problem overloaded = core.admission(frame.body().length);
    if (overloaded != null) {
      core.countRejected(overloaded.reason(), judged.readings().size());
      reply(judged, null, List.of(ReadingsFrame.rest(overloaded.reason(), overloaded.message())));
      return;
    }
    core.submit(judged.readings(), receivedAt)
      .onSuccess(receipt -> reply(judged, receipt, List.of()))
      .onFailure(failure -> {
        Problem refusal = failure instanceof IngestCore.Refused refused ? refused.refusal().problem()
          : Problem.ofRequest(Reason.pipeline_failed, failure.toString());
        LOG.warn("refused frame {} of {} readings from {}: {}", judged.sequence(), judged.readings().size(),
          socket.remoteAddress(), refusal.message());
        reply(judged, null, List.of(ReadingsFrame.rest(refusal.reason(), refusal.message())));
      })
      .onComplete(done -> server.feedStarved());
  }

  /** Sends the frame's one answer and, with it, the credit it earns. */
  private void reply(ReadingsFrame judged, PipelineReceipt receipt, List<Problem> pipelineRefusals) {
    unanswered--;
    List<Problem> refusals = new ArrayList<>(judged.refusals());
    refusals.addAll(pipelineRefusals);
    int accepted = receipt == null ? 0 : judged.readings().size();
    int duplicates = receipt == null ? 0 : Math.min(receipt.duplicates(), accepted);
    Buffer answer = refusals.isEmpty() ? FrameEncoder.ack(judged.sequence(), accepted, duplicates)
      : FrameEncoder.nack(judged.sequence(), accepted, duplicates, refusals);
    if (!refusals.isEmpty()) {
      LOG.debug("nacked frame {} from {}: {} of {} readings refused, first: {}", judged.sequence(),
        socket.remoteAddress(), judged.count() - accepted, judged.count(), refusals.get(0).message());
    }
    if (draining) {
      socket.write(answer);
      closeIfDrained();
      return;
    }
    Buffer credited = creditFor(1);
    socket.write(credited == null ? answer : answer.appendBuffer(credited));
  }

  private void grant(long frames) {
    Buffer credited = creditFor(frames);
    if (credited != null) {
      socket.write(credited);
    }
  }

  /** A CREDIT frame for {@code frames} more, or null when the core is overloaded: then it is withheld and reading stops. */
  private Buffer creditFor(long frames) {
    if (server.admitting()) {
      credit += frames;
      return FrameEncoder.credit((int) frames);
    }
    withheld += frames;
    if (!paused) {
      paused = true;
      socket.pause();
      LOG.debug("withholding credit from {}: ingest is overloaded", socket.remoteAddress());
    }
    server.starve(this);
    return null;
  }

  /** The core admits batches again: grant what was withheld and read the socket again. */
  void grantWithheld() {
    if (ending || draining) {
      return;
    }
    long frames = withheld;
    withheld = 0;
    paused = false;
    socket.resume();
    if (partialSince != 0) {
      partialSince = System.currentTimeMillis(); // the pause was ours, not the sender's
    }
    grant(frames);
  }

  void closeIfFrameStalled(long now) {
    if (ending || paused || partialSince == 0 || now - partialSince <= limits.frameTimeoutMs()) {
      return;
    }
    fail(new FrameDecoder.StreamError(Reason.frame_timeout, (decoder.bufferedBytes() == 0 ? "no hello arrived"
      : "a frame stayed incomplete (" + decoder.bufferedBytes() + " bytes held)") + " for more than "
      + limits.frameTimeoutMs() + " ms (ingest.tcp.frameTimeoutMs)"));
  }

  /** Ends the stream: an ERROR frame saying why, then close. Counted as one refused reading, as HTTP counts a bad body. */
  private void fail(FrameDecoder.StreamError error) {
    ending = true;
    core.countRejected(error.reason(), 1);
    LOG.info("closed TCP ingest connection from {}: {}: {}", socket.remoteAddress(), error.reason(), error.message());
    socket.end(FrameEncoder.error(error.reason(), error.message())).onComplete(done -> socket.close());
  }

  /** Node shutdown: read nothing more, answer what is in the pipeline, then close. */
  private void drain() {
    draining = true;
    socket.pause();
    closeIfDrained();
  }

  private void closeIfDrained() {
    if (unanswered == 0) {
      socket.close();
    }
  }
}
