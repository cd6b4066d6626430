package kraken.bus;

/** Names of the Hazelcast maps verticles share; like addresses, they are spelled only here. */
public final class SharedMaps {

  /** contactId to {@link ContactSummary} JSON. Owned by tactical. */
  public static final String CONTACTS = "kraken.contacts";

  private SharedMaps() {
  }
}
