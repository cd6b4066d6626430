package kraken.training;

/**
 * Something the user gave {@code kraken train} cannot be used: a CSV cell, a row, an option. The message is a
 * sentence for the user naming the line, column or option and what is allowed; the command prints it without a
 * stack trace and exits 2, like any usage error.
 */
public final class TrainingInputException extends RuntimeException {

  public TrainingInputException(String message) {
    super(message);
  }
}
