package kraken.tactical.api;

import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import kraken.bus.ContactSummary;
import kraken.tactical.ContactQueries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * GraphQL on the tactical port: queries at {@link #PATH} (POST JSON or GET), the {@code pictureChanges} subscription
 * on the same path over WebSocket ({@value #WS_PROTOCOL}), the schema as text at {@link #SCHEMA_PATH} and GraphiQL
 * (shipped inside vertx-web-graphql, nothing fetched at run time) at {@link #GRAPHIQL_PATH}.
 *
 * <p>Queries answer through {@link ContactQueries}, the REST API's grid queries: one query path. A contact is served
 * as the map of {@link ContactSummary#toJson()}, read field by field by graphql-java's default fetcher, so a field
 * added to that JSON appears in GraphQL once it has a line in {@code picture.graphqls}.
 */
final class GraphqlApi {

  static final String PATH = "/graphql";
  static final String SCHEMA_PATH = "/graphql/schema";
  static final String GRAPHIQL_PATH = "/graphiql/";
  static final String WS_PROTOCOL = "graphql-transport-ws";
  static final String SCHEMA_RESOURCE = "kraken/tactical/api/picture.graphqls";
  /** Where a WebSocket execution finds its socket, for the subscription to watch its write queue. */
  private static final String SOCKET_KEY = "kraken.graphql.socket";

  private final Vertx vertx;
  private final ContactQueries queries;
  private final PictureChanges changes;
  private final String schemaText;
  private final GraphQL graphql;

  private GraphqlApi(Vertx vertx, ContactQueries queries, PictureChanges changes, String schemaText) {
    this.vertx = vertx;
    this.queries = queries;
    this.changes = changes;
    this.schemaText = schemaText;
    this.graphql = GraphQL.newGraphQL(schema(schemaText)).build();
  }

  /** Reads the schema and wires it to the picture, off the event loop (graphql-java's first use loads many classes). */
  static Future<GraphqlApi> load(Vertx vertx, ContactQueries queries, PictureChanges changes) {
    return vertx.fileSystem().readFile(SCHEMA_RESOURCE)
      .compose(text -> vertx.executeBlocking(() -> new GraphqlApi(vertx, queries, changes, text.toString())));
  }

  /** Adds the GraphQL routes; the router's failure handler writes HTTP-level refusals in the API's error shape. */
  void mount(Router router, long bodyLimit) {
    router.get(SCHEMA_PATH).handler(ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(schemaText));
    router.post(PATH).handler(BodyHandler.create().setBodyLimit(bodyLimit));
    router.route(PATH)
      .handler(GraphQLWSHandler.builder(graphql)
        .beforeExecute(execution -> execution.builder()
          .graphQLContext(Map.of(SOCKET_KEY, execution.context().socket())))
        .build())
      .handler(GraphQLHandler.create(graphql));
    router.route(GRAPHIQL_PATH + "*").subRouter(GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions()
      .setEnabled(true).setGraphQLUri(PATH).setGraphQLWSEnabled(true).setGraphWSQLUri(PATH)).router());
  }

  private GraphQLSchema schema(String text) {
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
      .scalar(LongScalar.TYPE)
      .type("Query", type -> type
        .dataFetcher("contacts", this::contacts)
        .dataFetcher("contact", this::contact)
        .dataFetcher("threats", env -> queries.activeThreats().map(GraphqlApi::plain).toCompletionStage()))
      .type("Subscription", type -> type.dataFetcher("pictureChanges", this::pictureChanges))
      .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(text), wiring);
  }

  private CompletionStage<DataFetcherResult<Map<String, Object>>> contacts(DataFetchingEnvironment env) {
    GraphqlArguments.ContactsQuery query;
    try {
      query = GraphqlArguments.contacts(env);
    } catch (GraphqlArguments.Refused refused) {
      return CompletableFuture.completedFuture(refusal(env, refused));
    }
    return queries.page(query.filter(), query.offset(), query.limit()).map(page -> {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("count", page.contacts().size());
      result.put("total", page.total());
      result.put("offset", query.offset());
      result.put("limit", query.limit());
      result.put("contacts", plain(page.contacts()));
      return DataFetcherResult.<Map<String, Object>>newResult().data(result).build();
    }).toCompletionStage();
  }

  private CompletionStage<DataFetcherResult<Map<String, Object>>> contact(DataFetchingEnvironment env) {
    String id;
    try {
      id = GraphqlArguments.contactId(env);
    } catch (GraphqlArguments.Refused refused) {
      return CompletableFuture.completedFuture(refusal(env, refused));
    }
    return queries.get(id).map(contact -> DataFetcherResult.<Map<String, Object>>newResult()
      .data(contact == null ? null : plain(contact.toJson())).build()).toCompletionStage();
  }

  private DataFetcherResult<Object> pictureChanges(DataFetchingEnvironment env) {
    ServerWebSocket socket = env.getGraphQlContext().get(SOCKET_KEY);
    if (socket == null) {
      return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env)
        .message("pictureChanges is served over WebSocket at " + PATH + " with the " + WS_PROTOCOL + " protocol, "
          + "not over HTTP").extensions(Map.of("reason", "not_supported")).build()).build();
    }
    return DataFetcherResult.newResult().data(changes.forSocket(socket)).build();
  }

  private static <T> DataFetcherResult<T> refusal(DataFetchingEnvironment env, GraphqlArguments.Refused refused) {
    return DataFetcherResult.<T>newResult().error(refused.toError(env)).build();
  }

  private static List<Map<String, Object>> plain(List<ContactSummary> contacts) {
    List<Map<String, Object>> list = new ArrayList<>(contacts.size());
    contacts.forEach(c -> list.add(plain(c.toJson())));
    return list;
  }

  /**
   * JSON as maps and lists all the way down, which graphql-java's default fetcher reads by field name (it reads a
   * {@code Map} but not a Vert.x {@code JsonObject}): nested objects such as a position work without a fetcher.
   */
  static Map<String, Object> plain(JsonObject json) {
    Map<String, Object> map = new LinkedHashMap<>(json.size() * 2);
    json.forEach(entry -> map.put(entry.getKey(), plainValue(entry.getValue())));
    return map;
  }

  private static Object plainValue(Object value) {
    if (value instanceof JsonObject object) {
      return plain(object);
    }
    if (value instanceof Map<?, ?> map) {
      return plain(new JsonObject(castMap(map)));
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>(array.size());
      array.forEach(item -> list.add(plainValue(item)));
      return list;
    }
    if (value instanceof List<?> list) {
      return plainValue(new JsonArray(new ArrayList<>(list)));
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
