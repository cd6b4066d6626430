package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An active system alert: what is wrong with the system rather than with the sea. {@code id} names the condition
 * and its subject ({@code sensor_stale:towed-array}), so raising it twice keeps one alert; {@code since} is when it
 * was raised, {@code updatedAt} when it was last confirmed or changed.
 */
public final class SystemAlert implements IdentifiedDataSerializable {

  /** Severities, least to most severe. */
  public static final List<String> SEVERITIES = List.of("info", "warning", "critical");

  /** Most severe first, then the oldest first, then by id: the order an operator reads them in. */
  static final Comparator<SystemAlert> MOST_SEVERE_FIRST =
    Comparator.comparing((SystemAlert a) -> SEVERITIES.indexOf(a.severity)).reversed()
      .thenComparingLong(a -> a.since).thenComparing(a -> a.id);

  private String id;
  private String kind;
  private String severity;
  private String message;
  private long since;
  private long updatedAt;

  /** For deserialization. */
  SystemAlert() {
  }

  SystemAlert(String id, String kind, String severity, String message, long since, long updatedAt) {
    if (!SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException("alert severity '" + severity + "' is not one of " + SEVERITIES);
    }
    this.id = id;
    this.kind = kind;
    this.severity = severity;
    this.message = message;
    this.since = since;
    this.updatedAt = updatedAt;
  }

  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  String severity() {
    return severity;
  }

  String message() {
    return message;
  }

  long since() {
    return since;
  }

  long updatedAt() {
    return updatedAt;
  }

  /** Whether it says the same as another (severity and message), whatever their times. */
  boolean saysTheSameAs(String otherSeverity, String otherMessage) {
    return severity.equals(otherSeverity) && Objects.equals(message, otherMessage);
  }

  SystemAlert updated(String newSeverity, String newMessage, long at) {
    return new SystemAlert(id, kind, newSeverity, newMessage, since, at);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind).put("severity", severity).put("message", message)
      .put("since", since).put("updatedAt", updatedAt);
  }

  @Override
  public int getFactoryId() {
    return AlertGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return AlertGridTypes.SYSTEM_ALERT;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeString(kind);
    out.writeString(severity);
    out.writeString(message);
    out.writeLong(since);
    out.writeLong(updatedAt);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    kind = in.readString();
    severity = in.readString();
    message = in.readString();
    since = in.readLong();
    updatedAt = in.readLong();
  }
}
