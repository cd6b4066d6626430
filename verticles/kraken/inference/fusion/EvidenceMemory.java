package kraken.inference.fusion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The evidence of the contacts this node has assessed lately, bounded: past {@code maxContacts} the contact heard
 * from least recently is forgotten (it starts again from its next reading). Node-local: in a cluster each node
 * fuses the readings it ingested, and the picture keeps the latest assessment.
 */
public final class EvidenceMemory {

  private final int modalities;
  private final int classes;
  private final Map<String, ContactEvidence> contacts;

  public EvidenceMemory(int modalities, int classes, int maxContacts) {
    this.modalities = modalities;
    this.classes = classes;
    this.contacts = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ContactEvidence> eldest) {
        return size() > maxContacts;
      }
    };
  }

  /** Runs {@code update} on the contact's evidence (created when new); one caller at a time. */
  public synchronized void update(String contactId, Consumer<ContactEvidence> update) {
    update.accept(contacts.computeIfAbsent(contactId, id -> new ContactEvidence(modalities, classes)));
  }

  public synchronized int size() {
    return contacts.size();
  }
}
