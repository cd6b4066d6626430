package kraken.tactical;

/**
 * How long, and how many readings per contact, the picture remembers to recognise a resent reading: a reading
 * resent within {@code windowMs} of its first arrival (ingest receive time) is counted once, as long as its contact
 * has not received more than {@code maxKeysPerContact} readings since (the cap bounds memory per contact).
 */
record DuplicateWindow(long windowMs, int maxKeysPerContact) {
}
