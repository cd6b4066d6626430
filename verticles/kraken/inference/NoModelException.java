package kraken.inference;

/** No version of the role is serving: the rules answer instead ({@code no_model}). */
public final class NoModelException extends RuntimeException {

  public NoModelException(String role) {
    super("no " + role + " model is serving", null, false, false);
  }
}
