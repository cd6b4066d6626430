package kraken.tactical.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import kraken.bus.ContactSummary;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.tactical.ContactFilter;
import kraken.tactical.ContactQueries;
import kraken.tactical.SensorHealthTracker;
import kraken.tactical.SystemAlerts;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The picture as a whole and the system's state: {@code GET /api/v1/picture} (the TacticalPicture),
 * {@code /api/v1/alerts}, {@code /api/v1/sensors/health} and {@code /api/v1/metrics}. Reads only; every grid read goes
 * through {@link ContactQueries}, {@link SystemAlerts} and {@link SensorHealthTracker}; the picture's contact lists
 * come from the API node's {@link PictureView}.
 */
final class PictureEndpoints {

  static final int DEFAULT_LIMIT = 100;

  private final ContactQueries queries;
  private final PictureView view;
  private final SystemAlerts alerts;
  private final SensorHealthTracker health;
  private final MetricsSummary metrics;
  private final MeterRegistry meters;
  private final String nodeId;
  private final double ownShipLat;
  private final double ownShipLon;

  PictureEndpoints(Vertx vertx, Grid grid, ContactQueries queries, PictureView view, JsonObject config,
                   MeterRegistry meters) {
    this.queries = queries;
    this.view = view;
    this.alerts = new SystemAlerts(vertx, grid);
    this.health = new SensorHealthTracker(vertx, grid, Settings.TACTICAL_SENSOR_STALE_MS.from(config));
    this.metrics = new MetricsSummary(vertx, meters);
    this.meters = meters;
    this.nodeId = Settings.NODE_ID.from(config);
    this.ownShipLat = Settings.TACTICAL_OWN_SHIP_LAT.from(config);
    this.ownShipLon = Settings.TACTICAL_OWN_SHIP_LON.from(config);
  }

  SystemAlerts alerts() {
    return alerts;
  }

  void stop() {
    metrics.stop();
  }

  void picture(RoutingContext ctx) {
    RequestParameter limitParameter = ((ValidatedRequest) ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST))
      .getQuery().get("limit");
    int limit = limitParameter == null || limitParameter.isNull() || limitParameter.isEmpty() ? DEFAULT_LIMIT
      : limitParameter.getInteger();
    ContactFilter everything = new ContactFilter(EnumSet.noneOf(ThreatLevel.class), null, null, null);
    // the lists from the view (as GET /api/v1/contacts); alerts are not in it, so the whole is not cached
    alerts.json()
      .onSuccess(systemAlerts -> {
        ContactQueries.Page contacts = view.page(everything, 0, limit);
        List<ContactSummary> threats = view.activeThreats();
        ContactQueries.Page actionable = view.actionable(limit);
        JsonArray actions = new JsonArray();
        actionable.contacts().forEach(c -> actions.add(new JsonObject().put("contactId", c.contactId())
          .put("action", c.recommendedAction().name()).put("threatLevel", c.threatLevel().name())
          .put("timeToThreatMs", c.timeToThreatMs())));
        json(ctx, new JsonObject().put("timestamp", System.currentTimeMillis())
          .put("ownShipPosition", new JsonObject().put("lat", ownShipLat).put("lon", ownShipLon))
          .put("limit", limit)
          .put("contactCount", contacts.total()).put("contacts", array(contacts.contacts()))
          .put("activeThreatCount", threats.size()).put("activeThreats", array(threats.subList(0,
            Math.min(limit, threats.size()))))
          .put("systemAlerts", systemAlerts)
          .put("recommendedActionCount", actionable.total()).put("recommendedActions", actions));
      }).onFailure(ctx::fail);
  }

  void alerts(RoutingContext ctx) {
    alerts.json().onSuccess(list -> json(ctx, new JsonObject().put("count", list.size()).put("alerts", list)))
      .onFailure(ctx::fail);
  }

  void sensorHealth(RoutingContext ctx) {
    health.report(System.currentTimeMillis()).onSuccess(report -> json(ctx, report)).onFailure(ctx::fail);
  }

  void metrics(RoutingContext ctx) {
    Future.all(queries.countByLevel(), alerts.all()).onSuccess(all -> {
      Map<ThreatLevel, Long> byLevel = all.resultAt(0);
      List<?> active = all.resultAt(1);
      json(ctx, metrics.summary(nodeId, MetricsSummary.levels(byLevel), active.size()));
    }).onFailure(ctx::fail);
  }

  private static JsonArray array(List<ContactSummary> contacts) {
    JsonArray array = new JsonArray();
    contacts.forEach(c -> array.add(c.toJson()));
    return array;
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }
}
