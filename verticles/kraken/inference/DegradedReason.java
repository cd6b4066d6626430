package kraken.inference;

import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;

/** Why the rules answered instead of the models; {@link #code()} is what assessments and metrics say. */
public enum DegradedReason {
  NO_MODEL("no_model"),
  MODEL_FAILED("model_failed"),
  SATURATED("saturated"),
  TIMEOUT("timeout"),
  CIRCUIT_OPEN("circuit_open");

  private final String code;

  DegradedReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The reason a failure of the model scorer stands for; anything unrecognised is a failing model. */
  public static DegradedReason of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NoModelException) {
        return NO_MODEL;
      } else if (t instanceof InferenceSaturatedException) {
        return SATURATED;
      } else if (t instanceof OpenCircuitException) {
        return CIRCUIT_OPEN;
      } else if (t instanceof TimeoutException) {
        return TIMEOUT;
      }
    }
    return MODEL_FAILED;
  }

  /** Whether the circuit breaker counts it against the model: a missing model or a full queue is not a fault. */
  public boolean countsAsFailure() {
    return this == MODEL_FAILED || this == TIMEOUT;
  }
}
