package kraken.grid;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The one door to the Hazelcast grid: verticles and the operations server get typed maps and cluster facts from
 * here, never the raw instance.
 */
public final class Grid {

  private final HazelcastInstance hazelcast;

  public Grid(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  /** A shared map; its key and value types are those its owner documents on {@link GridMap}. */
  public <K, V> IMap<K, V> map(GridMap map) {
    return hazelcast.getMap(map.mapName());
  }

  /** A shared ring buffer; its element type is the one its owner documents on {@link GridRingbuffer}. */
  public <E> com.hazelcast.ringbuffer.Ringbuffer<E> ringbuffer(GridRingbuffer ringbuffer) {
    return hazelcast.getRingbuffer(ringbuffer.ringbufferName());
  }

  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  public ClusterState clusterState() {
    return hazelcast.getCluster().getClusterState();
  }

  /** Calls {@code listener} (on a Hazelcast thread) as members join and leave; the id removes it. */
  public java.util.UUID onMembership(com.hazelcast.cluster.MembershipListener listener) {
    return hazelcast.getCluster().addMembershipListener(listener);
  }

  public void stopMembership(java.util.UUID registration) {
    hazelcast.getCluster().removeMembershipListener(registration);
  }

  public int members() {
    return hazelcast.getCluster().getMembers().size();
  }
}
