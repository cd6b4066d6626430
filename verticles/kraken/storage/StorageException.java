package kraken.storage;

/**
 * Why PostgreSQL did not keep what it was given. The message is a sentence for the sender (it never contains a
 * password); {@link #reason()} is the code a transport puts in its refusal. Nothing was stored when one of these
 * fails a write, so the sender may resend the same readings.
 */
public abstract sealed class StorageException extends RuntimeException
  permits StorageUnavailable, StorageOverloaded, StorageWriteFailed {

  StorageException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** The reason code, e.g. {@code storage_unavailable}. */
  public abstract String reason();

  /** Whether the same write may succeed later without change (a 503 with Retry-After rather than a 500). */
  public abstract boolean retryable();
}
