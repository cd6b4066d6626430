package kraken.training;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import kraken.PostgresAvailableTest;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.inference.ModelCard;
import kraken.storage.Migrations;
import kraken.storage.ModelStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("The model store in the real PostgreSQL")
class ModelStoreTest {

  private final String role = "store-" + UUID.randomUUID().toString().substring(0, 8);

  private static byte[] model(ModelCard card) {
    TrainingData data = Synthetic.blobs(10, 2, 3, 1);
    Ensemble ensemble = Ensemble.train(data, Synthetic.settings(1, 1), 1, (m, loss, work) -> { });
    return OnnxMlpWriter.write(ensemble.members(), card);
  }

  private ModelCard card(String version) {
    return new ModelCard(role, version, List.of("c0", "c1"), List.of("f0", "f1", "f2"), 2, "sha256:" + version,
      "{\"accuracy\":0.9}", null);
  }

  @Test
  @DisplayName("latest(role) is the newest version saved, a repeated save changes nothing, list() has no bytes")
  void latestAndIdempotentSave(Vertx vertx, VertxTestContext testContext) {
    KrakenConfig config = KrakenConfig.defaults().with(Map.of(Settings.POSTGRES_URI, PostgresAvailableTest.uri()));
    ModelStore store = ModelStore.create(vertx, config);
    ModelCard older = card(role + "-aaaaaaaaaaaa");
    ModelCard newer = card(role + "-bbbbbbbbbbbb");
    byte[] olderBytes = model(older);
    byte[] newerBytes = model(newer);
    JsonObject settings = new JsonObject().put("seed", 1);
    Migrations.run(vertx, config)
      .compose(v -> store.latest(role))
      .compose(none -> {
        testContext.verify(() -> assertThat(none).as("nothing stored yet").isEmpty());
        return store.save(older, olderBytes, settings);
      })
      .compose(first -> store.save(newer, newerBytes, settings).map(second -> List.of(first, second)))
      .compose(saved -> store.save(older, olderBytes, settings).map(again -> {
        testContext.verify(() -> assertThat(List.of(saved.get(0), saved.get(1), again)).containsExactly(true, true, false));
        return null;
      }))
      .compose(v -> store.latest(role))
      .compose(latest -> {
        testContext.verify(() -> {
          assertThat(latest.orElseThrow().card()).isEqualTo(newer);
          assertThat(latest.get().onnx()).isEqualTo(newerBytes);
          assertThat(latest.get().settings()).isEqualTo(settings);
        });
        return store.list();
      })
      .onSuccess(list -> testContext.verify(() -> assertThat(list.stream().filter(m -> m.name().equals(role))
        .map(m -> m.version()).toList()).containsExactly(newer.version(), older.version())))
      .compose(v -> io.vertx.pgclient.PgBuilder.pool().connectingTo(io.vertx.pgclient.PgConnectOptions
        .fromUri(PostgresAvailableTest.uri())).using(vertx).build()
        .preparedQuery("DELETE FROM models WHERE name = $1").execute(Tuple.of(role)))
      .eventually(store::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("refuses to save a card that is not the one inside the ONNX bytes")
  void refusesMismatchedCard(Vertx vertx) {
    ModelStore store = ModelStore.create(vertx, KrakenConfig.defaults()
      .with(Map.of(Settings.POSTGRES_URI, PostgresAvailableTest.uri())));
    byte[] bytes = model(card(role + "-aaaaaaaaaaaa"));
    assertThatThrownBy(() -> store.save(card(role + "-cccccccccccc"), bytes, new JsonObject()))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the one inside the ONNX bytes");
    store.close();
  }
}
