package kraken.tactical.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import kraken.bus.Addresses;
import kraken.bus.ContactSummary;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.ops.HttpServers;
import kraken.scaling.DecisionLog;
import kraken.tactical.ConsoleBridge;
import kraken.tactical.ConsolePage;
import kraken.tactical.ContactFilter;
import kraken.tactical.ContactQueries;
import kraken.tactical.LiveFeed;
import kraken.tactical.BoundingBox;
import kraken.tactical.OperatorCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tactical HTTP port: the REST API built from {@code openapi.yaml} (every request validated against it, every
 * refusal written by {@link ApiError#handler}, the one place where authentication will go), the contract itself at
 * {@link #CONTRACT_PATH}, GraphQL ({@link GraphqlApi}), the live WebSocket, the console bridge and the browser
 * console's page. It reads the picture; the fold ({@link kraken.tactical.TacticalVerticle}) writes it.
 */
public final class ApiVerticle extends VerticleBase {

  public static final String CONTRACT_PATH = "/openapi.yaml";
  public static final String CONTACTS_PATH = "/api/v1/contacts";
  public static final String LIVE_PATH = "/ws/tactical";
  static final String CONTRACT_RESOURCE = "kraken/tactical/api/openapi.yaml";
  private static final int BODY_LIMIT = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final Grid grid;
  private final MeterRegistry meters;
  private ContactQueries queries;
  private OperatorCommands commands;
  private DecisionLog decisions;
  private LiveFeed live;
  private PictureChanges changes;
  private PictureEndpoints picture;
  private PictureView view;
  private MessageConsumer<JsonObject> deltas;
  private HttpServer server;

  public ApiVerticle(Grid grid, MeterRegistry meters) {
    this.grid = grid;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    queries = new ContactQueries(vertx, grid);
    commands = new OperatorCommands(vertx, grid, config());
    decisions = new DecisionLog(grid, context);
    view = new PictureView();
    view.beginLoad(); // before the consumer: a delta that crosses the initial load wins over the snapshot
    picture = new PictureEndpoints(vertx, grid, queries, view, config(), meters);
    // the snapshot a WebSocket client gets on connect comes from the view too, not from reading every contact
    int snapshotMax = Settings.TACTICAL_WS_SNAPSHOT_MAX.from(config());
    ContactFilter everyContact = new ContactFilter(Set.of(), null, null, null);
    live = new LiveFeed(vertx, () -> Future.succeededFuture(view.page(everyContact, 0, snapshotMax).contacts()),
      picture.alerts()::json, Settings.TACTICAL_WS_MAX_HZ.from(config()), snapshotMax,
      Settings.TACTICAL_WS_SLOW_CLIENT_MS.from(config()), meters);
    changes = new PictureChanges(vertx, context, Settings.TACTICAL_GRAPHQL_MAX_HZ.from(config()),
      Settings.TACTICAL_GRAPHQL_SLOW_CLIENT_MS.from(config()), meters);
    // every tactical node's changes, so that a client of any node sees the whole picture
    deltas = vertx.eventBus().consumer(Addresses.PICTURE_DELTA, delta -> {
      view.apply(delta.body());
      live.publish(delta.body());
      changes.publish(delta.body());
    });
    Future<Void> viewLoaded = deltas.completion().compose(v -> queries.all()).map(all -> {
      view.load(all);
      LOG.info("picture view loaded with {} contacts from the grid", view.size());
      return null;
    });
    return Future.join(viewLoaded, vertx.fileSystem().readFile(CONTRACT_RESOURCE),
        OpenAPIContract.from(vertx, CONTRACT_RESOURCE), GraphqlApi.load(vertx, queries, changes))
      .compose(loaded -> {
        String contract = loaded.<io.vertx.core.buffer.Buffer>resultAt(1).toString();
        Router router = router(loaded.resultAt(2), contract, loaded.resultAt(3));
        server = vertx.createHttpServer(HttpServers.options().addWebSocketSubProtocol(GraphqlApi.WS_PROTOCOL))
          .requestHandler(router);
        return server.listen(Settings.TACTICAL_PORT.from(config()), Settings.TACTICAL_HOST.from(config()));
      })
      .onSuccess(s -> LOG.info("tactical API serving {} (contract at {}) on {}:{}", CONTACTS_PATH, CONTRACT_PATH,
        Settings.TACTICAL_HOST.from(config()), s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    picture.stop();
    return deltas.unregister().onComplete(v -> live.closeAll())
      .compose(v -> server == null ? Future.succeededFuture() : server.shutdown());
  }

  private Router router(OpenAPIContract contract, String contractText, GraphqlApi graphql) {
    BodyHandler bodies = BodyHandler.create().setBodyLimit(BODY_LIMIT);
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
      // the bridge and the WebSocket read their own requests
      .rootHandler(ctx -> {
        if (ctx.request().path().startsWith("/api/")) {
          bodies.handle(ctx);
        } else {
          ctx.next();
        }
      });
    builder.getRoute("listContacts").addHandler(this::listContacts);
    builder.getRoute("getContact").addHandler(this::getContact);
    builder.getRoute("activeThreats").addHandler(this::activeThreats);
    builder.getRoute("scalingDecisions").addHandler(this::scalingDecisions);
    builder.getRoute("classifyContact").addHandler(this::classifyContact);
    builder.getRoute("combatAction").addHandler(this::combatAction);
    builder.getRoute("sensorHealth").addHandler(picture::sensorHealth);
    builder.getRoute("pictureMetrics").addHandler(picture::metrics);
    builder.getRoute("systemAlerts").addHandler(picture::alerts);
    builder.getRoute("tacticalPicture").addHandler(picture::picture);
    builder.getRoute("deployModel").addHandler(ctx -> ctx.fail(ApiError.notImplemented(
      "model deployment comes with model lifecycle; the request was valid, nothing was deployed")));

    Router router = builder.createRouter();
    router.get(CONTRACT_PATH).handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
      .end(contractText));
    router.get(LIVE_PATH).handler(ctx -> ctx.request().toWebSocket().onSuccess(live::attach)
      .onFailure(failure -> LOG.debug("{} upgrade refused: {}", LIVE_PATH, failure.toString())));
    router.route(ConsoleBridge.PATH + "/*").subRouter(ConsoleBridge.router(vertx));
    router.get(ConsolePage.PATH).handler(ConsolePage.page());
    router.get(ConsolePage.ASSETS_PATH + "/*").handler(ConsolePage.assets());
    graphql.mount(router, BODY_LIMIT);
    router.route().failureHandler(ApiError::handler);
    router.errorHandler(404, ApiError::handler);
    router.errorHandler(405, ApiError::handler);
    return router;
  }

  /** From the view, rendered once per view version and query string. */
  private void listContacts(RoutingContext ctx) {
    Buffer body;
    try {
      body = view.rendered(ctx.request().uri(), () -> contactsPage(ctx));
    } catch (ApiError refused) {
      ctx.fail(refused);
      return;
    }
    json(ctx, body);
  }

  private Buffer contactsPage(RoutingContext ctx) {
    Map<String, RequestParameter> query = validated(ctx).getQuery();
    BoundingBox bbox = null;
    if (present(query, "bbox")) {
      try {
        bbox = BoundingBox.parse(query.get("bbox").getString());
      } catch (IllegalArgumentException e) {
        throw ApiError.badParameter("bbox", e.getMessage());
      }
    }
    Set<ThreatLevel> levels = EnumSet.noneOf(ThreatLevel.class);
    if (present(query, "threatLevel")) {
      query.get("threatLevel").getJsonArray().forEach(level -> levels.add(ThreatLevel.valueOf((String) level)));
    }
    ContactFilter filter = new ContactFilter(levels, present(query, "sensorKind") ? query.get("sensorKind").getString()
      : null, longOr(query, "since"), longOr(query, "until"), bbox);
    int offset = present(query, "offset") ? query.get("offset").getInteger() : 0;
    int limit = present(query, "limit") ? query.get("limit").getInteger() : 100;
    ContactQueries.Page page = view.page(filter, offset, limit);
    return new JsonObject().put("count", page.contacts().size()).put("total", page.total()).put("offset", offset)
      .put("limit", limit).put("contacts", array(page.contacts())).toBuffer();
  }

  private void getContact(RoutingContext ctx) {
    String contactId = validated(ctx).getPathParameters().get("contactId").getString();
    queries.get(contactId).onSuccess(contact -> {
      if (contact == null) {
        ctx.fail(ApiError.notFound("no contact with id '" + contactId + "'"));
        return;
      }
      String body = contact.toJson().encode();
      // a hash of exactly what is sent: any change the picture makes to the contact changes it
      String etag = "\"" + Integer.toHexString(body.hashCode()) + "-" + body.length() + "\"";
      ctx.response().putHeader(HttpHeaders.ETAG, etag);
      if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
        ctx.response().setStatusCode(304).end();
      } else {
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
      }
    }).onFailure(ctx::fail);
  }

  /** From the view's head, rendered once per view version. */
  private void activeThreats(RoutingContext ctx) {
    json(ctx, view.rendered(ctx.request().path(), () -> {
      List<ContactSummary> threats = view.activeThreats();
      return new JsonObject().put("count", threats.size()).put("threats", array(threats)).toBuffer();
    }));
  }

  private void classifyContact(RoutingContext ctx) {
    ValidatedRequest request = validated(ctx);
    String contactId = request.getPathParameters().get("contactId").getString();
    JsonObject body = request.getBody().getJsonObject();
    answerTaken(ctx, contactId, commands.classify(contactId, body.getString("operator"), body.getString("vesselClass"),
      body.getString("reason")));
  }

  private void combatAction(RoutingContext ctx) {
    JsonObject body = validated(ctx).getBody().getJsonObject();
    String contactId = body.getString("contactId");
    answerTaken(ctx, contactId, commands.act(contactId, body.getString("operator"),
      RecommendedAction.valueOf(body.getString("action")), body.getString("reason")));
  }

  /** 200 with the record and the contact; 404 when there is no such contact; 503 when PostgreSQL is too far behind. */
  private static void answerTaken(RoutingContext ctx, String contactId, Future<OperatorCommands.Taken> taken) {
    taken.onSuccess(done -> {
      if (done == null) {
        ctx.fail(ApiError.notFound("no contact with id '" + contactId + "': nothing was recorded"));
      } else {
        json(ctx, 200, new JsonObject().put("record", done.record().toJson()).put("contact", done.contact().toJson()));
      }
    }).onFailure(failure -> ctx.fail(failure instanceof OperatorCommands.PendingBoundReached full
      ? new ApiError(503, "storage_unavailable", full.getMessage()) : failure));
  }

  private void scalingDecisions(RoutingContext ctx) {
    Map<String, RequestParameter> query = validated(ctx).getQuery();
    String policy = present(query, "policy") ? query.get("policy").getString() : null;
    int offset = present(query, "offset") ? query.get("offset").getInteger() : 0;
    int limit = present(query, "limit") ? query.get("limit").getInteger() : 100;
    decisions.page(policy, offset, limit).onSuccess(page -> {
      JsonArray items = new JsonArray();
      page.decisions().forEach(d -> items.add(d.toJson()));
      json(ctx, 200, new JsonObject().put("count", items.size()).put("total", page.total()).put("offset", offset)
        .put("limit", limit).put("decisions", items));
    }).onFailure(ctx::fail);
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  private static boolean present(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p != null && !p.isNull() && !p.isEmpty();
  }

  private static Long longOr(Map<String, RequestParameter> query, String name) {
    return present(query, name) ? query.get(name).getLong() : null;
  }

  private static JsonArray array(List<ContactSummary> contacts) {
    JsonArray array = new JsonArray();
    contacts.forEach(c -> array.add(c.toJson()));
    return array;
  }

  private static void json(RoutingContext ctx, Buffer body) {
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }
}
