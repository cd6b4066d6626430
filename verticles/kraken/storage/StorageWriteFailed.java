package kraken.storage;

/** PostgreSQL answered but refused the write for a reason that resending the same data will not change. */
public final class StorageWriteFailed extends StorageException {

  public StorageWriteFailed(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "storage_failed";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
