package kraken.ops;

import com.hazelcast.cluster.ClusterState;
import kraken.grid.Grid;

import java.util.List;

/**
 * What this node knows about itself: which verticles it runs, whether they are all deployed, and whether it is
 * draining. The launcher sets it; the operations server reads it for /ready.
 */
public final class NodeState {

  private final String nodeId;
  private final List<String> verticles;
  private final Grid grid;
  private final boolean clustered;
  private volatile boolean deployed;
  private volatile boolean draining;

  public NodeState(String nodeId, List<String> verticles, Grid grid, boolean clustered) {
    this.nodeId = nodeId;
    this.verticles = List.copyOf(verticles);
    this.grid = grid;
    this.clustered = clustered;
  }

  public String nodeId() {
    return nodeId;
  }

  public List<String> verticles() {
    return verticles;
  }

  public boolean clustered() {
    return clustered;
  }

  public boolean deployed() {
    return deployed;
  }

  public void markDeployed() {
    deployed = true;
  }

  public boolean draining() {
    return draining;
  }

  public void markDraining() {
    draining = true;
  }

  public boolean gridRunning() {
    return grid.running();
  }

  public ClusterState clusterState() {
    return grid.clusterState();
  }

  public int clusterMembers() {
    return grid.members();
  }
}
