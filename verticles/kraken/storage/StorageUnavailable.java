package kraken.storage;

/** PostgreSQL cannot be reached, or dropped the connection, or refused for a passing reason; retry later. */
public final class StorageUnavailable extends StorageException {

  public StorageUnavailable(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "storage_unavailable";
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
