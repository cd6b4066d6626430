package kraken.inference;

import io.vertx.core.json.JsonObject;

/**
 * Makes the model scorer once the models are loaded: it turns readings into features, calls
 * {@link ModelServing#inferWithModel} per role and fuses the outputs into assessments that name the versions that
 * made them. It must let {@link NoModelException} and {@link InferenceSaturatedException} through (as the failure or
 * its cause) so that the degraded answer says why.
 */
@FunctionalInterface
public interface ModelScorerFactory {

  Scorer create(ModelServing serving, JsonObject config);
}
