package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.PostgresAvailableTest;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.inference.features.SonarFeatures;
import kraken.storage.Migrations;
import kraken.storage.ModelStore;
import kraken.training.Mlp;
import kraken.training.OnnxMlpWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("With PostgreSQL configured, the model store is the source of the serving models")
class StoreModelSourceTest {

  @Test
  @DisplayName("an empty store is seeded with the jar's five models, and a newer version stored later is the one served")
  void seedsThenServesNewest(Vertx vertx, VertxTestContext testContext) {
    KrakenConfig config = KrakenConfig.defaults().with(Map.of(Settings.POSTGRES_URI, PostgresAvailableTest.uri()));
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    StoreModelSource source = new StoreModelSource(vertx, config.asJson());
    ModelCard newer = new ModelCard("sonar", "sonar-test-newer", ScoringSteps.CLASSES, new SonarFeatures().names(), 1,
      "sha256:test", "{}", null);
    byte[] newerBytes = OnnxMlpWriter.write(List.of(new Mlp(newer.features().size(), 4, newer.classes().size())), newer);
    Migrations.run(vertx, config)
      .compose(v -> clear(pool))
      .compose(v -> source.load())
      .compose(seeded -> {
        testContext.verify(() -> {
          assertThat(seeded.stream().map(b -> ModelCard.of(b).name())).containsExactlyInAnyOrderElementsOf(ModelRoles.ALL);
          assertThat(seeded.stream().map(b -> ModelCard.of(b).version())).noneMatch(v -> v.contains("test"));
        });
        return pool.query("SELECT count(*) FROM models WHERE settings->>'source' = 'jar'").execute();
      })
      .compose(rows -> {
        testContext.verify(() -> assertThat(rows.iterator().next().getLong(0)).isEqualTo(5L));
        ModelStore store = ModelStore.create(vertx, config);
        return store.save(newer, newerBytes, new JsonObject()).eventually(store::close);
      })
      .compose(saved -> source.load())
      .onSuccess(served -> testContext.verify(() -> {
        assertThat(served).hasSize(5);
        assertThat(served.stream().map(b -> ModelCard.of(b)).filter(c -> c.name().equals("sonar")).findFirst()
          .orElseThrow().version()).isEqualTo("sonar-test-newer");
      }))
      .eventually(() -> clear(pool))
      .eventually(pool::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  private static Future<Void> clear(Pool pool) {
    return pool.preparedQuery("DELETE FROM models WHERE name = ANY($1)")
      .execute(Tuple.of(ModelRoles.ALL.toArray(String[]::new))).mapEmpty();
  }
}
