package kraken.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds KRAKEN's HTTP endpoints through Vert.x service discovery: records that nodes published
 * ({@link EndpointsVerticle}) and, in Kubernetes, Services the bridge imported under the same names. Works on any
 * Vert.x that shares the nodes' grid (a node itself, or a tool that joins the cluster).
 */
public final class EndpointFinder implements AutoCloseable {

  private final ServiceDiscovery discovery;

  public EndpointFinder(Vertx vertx) {
    this.discovery = ServiceDiscovery.create(vertx);
  }

  /** Base URIs ({@code http://host:port}) of every endpoint with this role, in no particular order. */
  public Future<List<String>> find(EndpointRole role) {
    return discovery.getRecords(record -> role.recordName().equals(record.getName())
        && record.getStatus() == io.vertx.servicediscovery.Status.UP)
      .map(records -> records.stream().map(EndpointFinder::baseUri).filter(uri -> uri != null).distinct().toList());
  }

  /** One of them, picked at random so that several clients spread out; fails naming the role when there is none. */
  public Future<String> any(EndpointRole role) {
    return find(role).compose(uris -> uris.isEmpty()
      ? Future.failedFuture(new IllegalStateException("no " + role.label() + " endpoint published (record "
      + role.recordName() + "): is a node with the " + role.label() + " verticle running in this cluster?"))
      : Future.succeededFuture(uris.get(ThreadLocalRandom.current().nextInt(uris.size()))));
  }

  @Override
  public void close() {
    discovery.close();
  }

  /** http(s)://host:port from a record's location; null when it names no host and port. */
  static String baseUri(Record record) {
    JsonObject location = record.getLocation();
    if (location == null || location.getString("host") == null || location.getInteger("port") == null) {
      return null;
    }
    boolean ssl = location.getBoolean("ssl", false);
    return (ssl ? "https" : "http") + "://" + location.getString("host") + ":" + location.getInteger("port");
  }
}
