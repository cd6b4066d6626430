package kraken;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Shutting a node down drains the work it holds")
class DrainTest {

  @Test
  @DisplayName("a request still in the pipeline when shutdown starts is answered 202, readiness goes down at once, "
    + "and new requests are no longer taken")
  void inFlightRequestIsAnswered(Vertx vertx, VertxTestContext testContext) throws Exception {
    TestNodes.Running node = TestNodes.start(Map.of());
    AtomicBoolean shutdownStarted = new AtomicBoolean();
    // Hold the batch on its way to tactical for a moment, and start the shutdown while it is held.
    node.node().vertx().eventBus().addInboundInterceptor((DeliveryContext<Object> delivery) -> {
      if (delivery.message().address().equals(Addresses.ASSESSMENTS) && shutdownStarted.compareAndSet(false, true)) {
        node.node().shutdown();
        testContext.verify(() -> assertThat(node.node().state().draining()).isTrue());
        node.node().vertx().setTimer(300, id -> delivery.next());
      } else {
        delivery.next();
      }
    });
    WebClient client = WebClient.create(vertx);
    client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .sendJsonObject(Readings.comms("drain-1", "radio-drain", "Military"))
      .compose(ack -> {
        testContext.verify(() -> {
          assertThat(shutdownStarted).isTrue();
          assertThat(ack.statusCode()).as(ack.bodyAsString()).isEqualTo(202);
          assertThat(ack.bodyAsJsonObject().getJsonArray("contactIds")).containsExactly("C-radio-drain");
        });
        return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
          .sendJsonObject(Readings.comms("drain-2", "radio-drain", "Military"));
      })
      .onComplete(late -> testContext.verify(() -> {
        assertThat(late.succeeded()).as("a request after shutdown must not be taken").isFalse();
        testContext.completeNow();
      }));
  }
}
