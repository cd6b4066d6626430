package kraken.storage;

/** The store already has as many writes under way as {@code readings.persistMaxInFlight} allows; retry shortly. */
public final class StorageOverloaded extends StorageException {

  public StorageOverloaded(String message) {
    super(message, null);
  }

  @Override
  public String reason() {
    return "overloaded";
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
