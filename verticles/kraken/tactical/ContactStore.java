package kraken.tactical;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.grid.Grid;
import kraken.grid.GridMap;
import kraken.tactical.picture.TrackSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The contacts of the picture, in a Hazelcast map shared by every tactical node. Writes go through an entry
 * processor (atomic per contact, idempotent per reading); reads are computed where the contacts live and only
 * their summaries travel.
 */
final class ContactStore {

  private final Vertx vertx;
  private final IMap<String, Contact> contacts;
  private final DuplicateWindow window;
  private final TrackSettings tracking;

  /** What a batch's fold did to the picture. */
  record Applied(List<ContactSummary> changed, int duplicates, int evictedKeys) {
  }

  ContactStore(Vertx vertx, Grid grid, DuplicateWindow window) {
    this(vertx, grid, window, TrackSettings.DEFAULTS);
  }

  ContactStore(Vertx vertx, Grid grid, DuplicateWindow window, TrackSettings tracking) {
    this.vertx = vertx;
    this.contacts = grid.map(GridMap.CONTACTS);
    this.window = window;
    this.tracking = tracking;
  }

  /**
   * Folds the updates (one per contact) into the picture; readings the picture already holds change nothing. One
   * single-key submission per contact, on purpose: Hazelcast waits for the synchronous backup of a single-key
   * entry processor, but answers a multi-key one (submitToKeys) before its backups are in place, which would let
   * an acknowledged reading die with its primary (SyncBackupTest).
   */
  Future<Applied> apply(List<ContactUpdate> updates) {
    long now = System.currentTimeMillis();
    List<CompletableFuture<FoldReadings.Folded>> folds = new ArrayList<>(updates.size());
    for (ContactUpdate update : updates) {
      folds.add(contacts.submitToKey(update.contactId(), new FoldReadings(update, now, window, tracking))
        .toCompletableFuture());
    }
    // one hop back to the event loop per batch, not one per contact
    return Future.fromCompletionStage(CompletableFuture.allOf(folds.toArray(CompletableFuture[]::new)),
      vertx.getOrCreateContext()).map(v -> applied(folds.stream().map(CompletableFuture::join).toList()));
  }

  private static Applied applied(List<FoldReadings.Folded> folded) {
    List<ContactSummary> changed = new ArrayList<>(folded.size());
    int duplicates = 0;
    int evicted = 0;
    for (FoldReadings.Folded f : folded) {
      if (f.changed() != null) {
        changed.add(f.changed());
      }
      duplicates += f.outcome().duplicates();
      evicted += f.outcome().evicted();
    }
    return new Applied(changed, duplicates, evicted);
  }

  /** The contacts whose primary copy this member holds: each contact is one member's, so a snapshot has it once. */
  Future<List<ContactSummary>> owned() {
    return vertx.executeBlocking(() -> {
      List<ContactSummary> list = new ArrayList<>();
      contacts.getAll(contacts.localKeySet()).values().forEach(c -> list.add(c.summary()));
      return list;
    }, false);
  }
}
