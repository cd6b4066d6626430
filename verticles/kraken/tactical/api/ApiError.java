package kraken.tactical.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The one error body of the tactical API, {@code {status, reason, error, details[]}}: a status, a reason code for
 * clients, a sentence, and per-field details ({@code field}, {@code message}) when a request broke the contract.
 * {@link #handler} is the API's only failure handler, so every refusal (contract validation included) has this shape.
 */
public final class ApiError extends RuntimeException {

  /** vertx-openapi names the parameter only in its message: "The value of query parameter limit is invalid...". */
  private static final java.util.regex.Pattern PARAMETER =
    java.util.regex.Pattern.compile("^The value of (?:query|path|header|cookie) parameter (\\S+) is");
  private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

  private final int status;
  private final String reason;
  private final JsonArray details;

  public ApiError(int status, String reason, String message) {
    this(status, reason, message, new JsonArray());
  }

  ApiError(int status, String reason, String message, JsonArray details) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.details = details;
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  /** A query parameter the contract's schema lets through but the handler refuses: shaped like the contract's own. */
  static ApiError badParameter(String parameter, String message) {
    String sentence = "The value of the request parameter " + parameter + " is invalid. Reason: " + message;
    return new ApiError(400, "invalid_request", sentence,
      new JsonArray().add(new JsonObject().put("field", parameter).put("message", message)));
  }

  static ApiError notImplemented(String what) {
    return new ApiError(501, "not_implemented", what);
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("reason", reason).put("error", getMessage())
      .put("details", details);
  }

  /** Writes the failure of any route as an error body. */
  static void handler(RoutingContext ctx) {
    ApiError error = of(ctx.failure(), ctx.statusCode());
    if (error.status == 503) {
      LOG.warn("{} {} refused: {}", ctx.request().method(), ctx.request().path(), error.getMessage());
    } else if (error.status >= 500 && error.status != 501) {
      LOG.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), String.valueOf(ctx.failure()),
        ctx.failure());
    }
    if (ctx.response().ended()) {
      return;
    }
    if (error.status == 503) {
      // every 503 of this API is a wait (PostgreSQL behind): the client may try again
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    ctx.response().setStatusCode(error.status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(error.toJson().encode());
  }

  static ApiError of(Throwable failure, int status) {
    if (failure instanceof ApiError error) {
      return error;
    }
    if (failure instanceof HttpException http && http.getCause() instanceof ValidatorException invalid) {
      return of(invalid, http.getStatusCode());
    }
    if (failure instanceof SchemaValidationException invalid) {
      java.util.regex.Matcher parameter = PARAMETER.matcher(String.valueOf(invalid.getMessage()));
      return new ApiError(400, "invalid_request", invalid.getMessage(),
        details(invalid.getOutputUnit(), parameter.find() ? parameter.group(1) : null));
    }
    if (failure instanceof ValidatorException invalid) {
      // vertx-openapi's word for a body whose content type the contract does not declare
      boolean mediaType = invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT
        && invalid.getMessage() != null && invalid.getMessage().contains("request body");
      return mediaType ? new ApiError(415, "unsupported_media_type", invalid.getMessage()
        + ": send Content-Type: application/json")
        : new ApiError(400, "invalid_request", invalid.getMessage());
    }
    if (failure instanceof io.vertx.core.json.DecodeException malformed) {
      // a GraphQL request body that is not JSON (REST bodies are refused by the contract's validation first)
      return new ApiError(400, "invalid_request", "the request body is not valid JSON: " + malformed.getMessage());
    }
    if (failure instanceof HttpException http) {
      return new ApiError(http.getStatusCode(), reasonOf(http.getStatusCode()),
        http.getPayload() != null ? http.getPayload() : statusSentence(http.getStatusCode()));
    }
    if (failure == null) {
      int code = status > 0 ? status : 500;
      return new ApiError(code, reasonOf(code), statusSentence(code));
    }
    return new ApiError(500, "internal_error", "the tactical API failed: " + failure.getMessage());
  }

  /** The innermost schema errors, each with the JSON pointer of the value it is about. */
  private static JsonArray details(OutputUnit unit, String parameter) {
    JsonArray details = new JsonArray();
    if (unit != null) {
      collect(unit, parameter, details);
    }
    return details;
  }

  private static void collect(OutputUnit unit, String parameter, JsonArray details) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      if (unit.getError() != null) {
        details.add(new JsonObject().put("field", field(unit.getInstanceLocation(), parameter))
          .put("message", unit.getError()));
      }
      return;
    }
    errors.forEach(e -> collect(e, parameter, details));
  }

  /**
   * A JSON pointer into the value ({@code #/operator}) as a field: {@code operator} in a body (the whole body is
   * {@code body}), {@code threatLevel.0} in a parameter (the whole parameter is its name).
   */
  private static String field(String location, String parameter) {
    String path = location == null ? "" : location.replaceFirst("^#", "").replaceFirst("^/", "").replace('/', '.');
    if (parameter != null) {
      return path.isEmpty() ? parameter : parameter + "." + path;
    }
    return path.isEmpty() ? "body" : path;
  }

  private static String reasonOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      case 415 -> "unsupported_media_type";
      case 501 -> "not_implemented";
      default -> status >= 500 ? "internal_error" : "refused";
    };
  }

  private static String statusSentence(int status) {
    return switch (status) {
      case 404 -> "no such resource";
      case 405 -> "method not allowed on this resource";
      case 413 -> "the request body is too large";
      case 415 -> "the request body must be application/json";
      default -> "request refused with status " + status;
    };
  }
}
