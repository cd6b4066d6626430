package kraken.scaling.kubernetes;

/**
 * A Kubernetes API call that did not succeed: the HTTP status (0 when no answer came), what was asked and what the
 * API server said. {@link #retryable()} says whether asking again can help.
 */
public final class KubernetesApiException extends RuntimeException {

  private final int status;

  public KubernetesApiException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * Conflicts (409), throttling (429), server errors (5xx) and no answer at all pass; a refusal (400, 403, 404, 422)
   * will be refused again, so it fails at once.
   */
  public boolean retryable() {
    return status == 0 || status == 409 || status == 429 || status >= 500;
  }
}
