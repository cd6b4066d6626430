package kraken.tactical.api;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import kraken.bus.ThreatLevel;
import kraken.tactical.BoundingBox;
import kraken.tactical.ContactFilter;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The GraphQL arguments the schema's types cannot refuse by themselves (ranges and lengths), checked against the same
 * limits as the REST contract ({@code openapi.yaml}: {@code limit} 1 to 1000, default 100; {@code offset},
 * {@code since}, {@code until} at least 0; a contact id 1 to 200 characters; {@code bbox} as {@link BoundingBox}
 * parses it), and turned into the same
 * {@link ContactFilter} the REST API uses. Unknown enum values and wrong types are refused earlier by graphql-java's
 * validation, which names the argument too.
 */
final class GraphqlArguments {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_CONTACT_ID_LENGTH = 200;

  /** What {@code contacts(...)} asks for. */
  record ContactsQuery(ContactFilter filter, int offset, int limit) {
  }

  /** An argument outside what is allowed: its name and a sentence. */
  static final class Refused extends Exception {

    private final String argument;

    Refused(String argument, String reason) {
      super("The value of argument " + argument + " is invalid. Reason: " + reason, null, false, false);
      this.argument = argument;
    }

    /**
     * As a GraphQL error at the field's path, with the API's error shape in its extensions ({@code reason},
     * {@code details[{field, message}]}), so that a client reads a GraphQL refusal like a REST one.
     */
    GraphQLError toError(DataFetchingEnvironment env) {
      return GraphqlErrorBuilder.newError(env).message(getMessage()).extensions(Map.of("reason", "invalid_request",
        "details", List.of(Map.of("field", argument, "message", getMessage())))).build();
    }
  }

  private GraphqlArguments() {
  }

  static ContactsQuery contacts(DataFetchingEnvironment env) throws Refused {
    Set<ThreatLevel> levels = EnumSet.noneOf(ThreatLevel.class);
    List<String> asked = env.getArgument("threatLevel");
    if (asked != null) {
      asked.forEach(level -> levels.add(ThreatLevel.valueOf(level)));
    }
    Long since = atLeastZero("since", env.getArgument("since"));
    Long until = atLeastZero("until", env.getArgument("until"));
    Integer offset = env.getArgument("offset");
    Integer limit = env.getArgument("limit");
    if (offset != null && offset < 0) {
      throw new Refused("offset", offset + " is less than the minimum 0");
    }
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw new Refused("limit", limit + " is " + (limit < 1 ? "less than the minimum 1" : "greater than the maximum "
        + MAX_LIMIT) + " (allowed: 1 to " + MAX_LIMIT + ")");
    }
    String box = env.getArgument("bbox");
    BoundingBox bbox = null;
    if (box != null) {
      try {
        bbox = BoundingBox.parse(box);
      } catch (IllegalArgumentException e) {
        throw new Refused("bbox", e.getMessage());
      }
    }
    return new ContactsQuery(new ContactFilter(levels, env.getArgument("sensorKind"), since, until, bbox),
      offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
  }

  static String contactId(DataFetchingEnvironment env) throws Refused {
    String id = env.getArgument("id");
    if (id.isEmpty() || id.length() > MAX_CONTACT_ID_LENGTH) {
      throw new Refused("id", "a contact id has 1 to " + MAX_CONTACT_ID_LENGTH + " characters, this one has "
        + id.length());
    }
    return id;
  }

  private static Long atLeastZero(String argument, Long value) throws Refused {
    if (value != null && value < 0) {
      throw new Refused(argument, value + " is less than the minimum 0 (epoch ms)");
    }
    return value;
  }
}
