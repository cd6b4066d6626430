package kraken.tactical.picture;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.Observation;

import java.io.IOException;

/**
 * A contact's kinematic estimate in own ship's {@link LocalPlane}: a constant-velocity Kalman filter on positions
 * (both axes share one covariance: every position sensor here is isotropic), and, beside it, one on bearing and
 * bearing rate, so a contact that only bearing sensors hold (towed array, DF) still has a track. Positions come from
 * satellites and from echoes (bearing and range); bearings from every observation. Observations older than the
 * estimate enter the history but not the filter. Keeps a bounded history, newest last. Mutable; lives inside a
 * contact and changes only inside the contact's fold.
 */
public final class Track {

  /** White-acceleration noise of a vessel, m/s^2 (manoeuvres). */
  static final double ACCEL_SIGMA = 0.1;
  /** Initial velocity sigma, m/s: nothing is known of a new contact's velocity but that it is a vessel. */
  static final double INITIAL_SPEED_SIGMA = 10;
  /** Bearing-rate noise, deg/s^2, and the initial bearing-rate sigma, deg/s. */
  static final double BEARING_ACCEL_SIGMA = 0.01;
  static final double INITIAL_BEARING_RATE_SIGMA = 0.5;
  private static final byte POSITION_POINT = 0;
  private static final byte BEARING_POINT = 1;

  private final Axis east = new Axis();
  private final Axis north = new Axis();
  private final Axis bearing = new Axis();
  private long positionAt = Long.MIN_VALUE;
  private long bearingAt = Long.MIN_VALUE;
  private long[] historyAt = new long[0];
  private byte[] historyKind = new byte[0];
  private double[] historyA = new double[0];
  private double[] historyB = new double[0];

  /** One coordinate's state (value, rate) and its covariance. */
  private static final class Axis {
    double x;
    double v;
    double p11;
    double p12;
    double p22;

    void start(double value, double variance, double rateVariance) {
      x = value;
      v = 0;
      p11 = variance;
      p12 = 0;
      p22 = rateVariance;
    }

    /** Predicted value and variance after dt seconds (the state itself is not changed). */
    double predicted(double dt) {
      return x + v * dt;
    }

    double predictedVariance(double dt, double accelSigma) {
      double q = accelSigma * accelSigma;
      return p11 + 2 * dt * p12 + dt * dt * p22 + q * dt * dt * dt * dt / 4;
    }

    void predict(double dt, double accelSigma) {
      double q = accelSigma * accelSigma;
      x += v * dt;
      double n11 = p11 + 2 * dt * p12 + dt * dt * p22 + q * dt * dt * dt * dt / 4;
      double n12 = p12 + dt * p22 + q * dt * dt * dt / 2;
      double n22 = p22 + q * dt * dt;
      p11 = n11;
      p12 = n12;
      p22 = n22;
    }

    void correct(double innovation, double measurementVariance) {
      double s = p11 + measurementVariance;
      double k1 = p11 / s;
      double k2 = p12 / s;
      x += k1 * innovation;
      v += k2 * innovation;
      double n11 = (1 - k1) * p11;
      double n12 = (1 - k1) * p12;
      double n22 = p22 - k2 * p12;
      p11 = n11;
      p12 = n12;
      p22 = n22;
    }
  }

  public boolean positioned() {
    return positionAt != Long.MIN_VALUE;
  }

  public boolean bearingKnown() {
    return bearingAt != Long.MIN_VALUE;
  }

  public boolean isEmpty() {
    return !positioned() && !bearingKnown();
  }

  /** Folds an observation into the estimate and the history. */
  public void update(Observation o, LocalPlane plane, int historySize) {
    Gate.Point point = Gate.point(o, plane);
    Gate.Bearing measured = Gate.bearing(o, plane);
    if (point != null) {
      remember(o.at(), POSITION_POINT, plane.lat(point.north()), plane.lon(point.east()), historySize);
      double variance = point.sigma() * point.sigma();
      if (!positioned()) {
        east.start(point.east(), variance, INITIAL_SPEED_SIGMA * INITIAL_SPEED_SIGMA);
        north.start(point.north(), variance, INITIAL_SPEED_SIGMA * INITIAL_SPEED_SIGMA);
        positionAt = o.at();
      } else if (o.at() >= positionAt) {
        double dt = (o.at() - positionAt) / 1000.0;
        east.predict(dt, ACCEL_SIGMA);
        north.predict(dt, ACCEL_SIGMA);
        east.correct(point.east() - east.x, variance);
        north.correct(point.north() - north.x, variance);
        positionAt = o.at();
      }
    } else if (measured != null) {
      remember(o.at(), BEARING_POINT, measured.degrees(), 0, historySize);
    }
    if (measured != null) {
      double variance = measured.sigma() * measured.sigma();
      if (!bearingKnown()) {
        bearing.start(measured.degrees(), variance, INITIAL_BEARING_RATE_SIGMA * INITIAL_BEARING_RATE_SIGMA);
        bearingAt = o.at();
      } else if (o.at() >= bearingAt) {
        double dt = (o.at() - bearingAt) / 1000.0;
        bearing.predict(dt, BEARING_ACCEL_SIGMA);
        bearing.correct(LocalPlane.difference(measured.degrees(), bearing.x), variance);
        bearing.x = LocalPlane.wrap(bearing.x);
        bearingAt = o.at();
      }
    }
  }

  /**
   * The observation's normalised squared distance to this track's prediction at the observation's time, divided by
   * its gate (so at most 1 inside the gate), or null when it is outside the gate or they share no geometry. A
   * position is compared with a position (2 dof); otherwise bearings are compared (1 dof), the track's bearing
   * taken from its position when it has one.
   */
  public Double gateCost(Observation o, LocalPlane plane) {
    Gate.Point point = Gate.point(o, plane);
    if (point != null && positioned()) {
      double dt = (o.at() - positionAt) / 1000.0;
      double de = point.east() - east.predicted(dt);
      double dn = point.north() - north.predicted(dt);
      double d2 = (de * de + dn * dn) / (point.sigma() * point.sigma() + east.predictedVariance(dt, ACCEL_SIGMA));
      return d2 <= Gate.POSITION_GATE ? d2 / Gate.POSITION_GATE : null;
    }
    if (point == null && !positioned()) {
      return null; // two bearings alone cannot tell two vessels on one line of bearing apart: no join
    }
    Gate.Bearing measured = Gate.bearing(o, plane);
    Gate.Bearing predicted = predictedBearing(o.at());
    if (measured == null || predicted == null) {
      return null;
    }
    double delta = LocalPlane.difference(measured.degrees(), predicted.degrees());
    double d2 = delta * delta / (measured.sigma() * measured.sigma() + predicted.sigma() * predicted.sigma());
    return d2 <= Gate.BEARING_GATE ? d2 / Gate.BEARING_GATE : null;
  }

  private Gate.Bearing predictedBearing(long at) {
    if (positioned()) {
      double dt = (at - positionAt) / 1000.0;
      return new Gate.Point(east.predicted(dt), north.predicted(dt),
        Math.sqrt(east.predictedVariance(dt, ACCEL_SIGMA))).bearing();
    }
    if (bearingKnown()) {
      double dt = (at - bearingAt) / 1000.0;
      return new Gate.Bearing(LocalPlane.wrap(bearing.predicted(dt)),
        Math.sqrt(bearing.predictedVariance(dt, BEARING_ACCEL_SIGMA)));
    }
    return null;
  }

  /** Last estimated position east/north, m, and the time of the estimate (for tests and the picture). */
  public double eastM() {
    return east.x;
  }

  public double northM() {
    return north.x;
  }

  public long positionAt() {
    return positionAt;
  }

  /** The estimate as the picture shows it (the names are those of ContactSummary's JSON). */
  public Kinematics kinematics(LocalPlane plane) {
    if (positioned()) {
      double range = Math.hypot(east.x, north.x);
      double speed = Math.hypot(east.v, north.v);
      Double course = speed < 0.1 ? null : LocalPlane.bearing(east.v, north.v);
      Cpa cpa = null;
      double speed2 = east.v * east.v + north.v * north.v;
      if (speed2 > 0.01) {
        double tCpa = -(east.x * east.v + north.x * north.v) / speed2;
        if (tCpa > 0) {
          cpa = new Cpa(Math.hypot(east.x + east.v * tCpa, north.x + north.v * tCpa), positionAt + (long) (tCpa * 1000));
        }
      }
      return new Kinematics(plane.lat(north.x), plane.lon(east.x), LocalPlane.bearing(east.x, north.x), range, course,
        speed, cpa);
    }
    if (bearingKnown()) {
      return new Kinematics(null, null, LocalPlane.wrap(bearing.x), null, null, null, null);
    }
    return null;
  }

  /** Closest point of approach to own ship: the range then and when (epoch ms, sensor time). */
  public record Cpa(double rangeM, long atMs) {
    public JsonObject toJson() {
      return new JsonObject().put("rangeM", rangeM).put("atMs", atMs);
    }
  }

  /** What a track shows; null parts are not known (a bearing-only track has no position, range, course or CPA). */
  public record Kinematics(Double lat, Double lon, Double bearing, Double rangeM, Double course, Double speedMps,
                           Cpa cpa) {
  }

  /** The history, oldest first: {at, lat, lon} for positions, {at, bearing} for bearings. */
  public JsonArray historyJson() {
    JsonArray array = new JsonArray();
    for (int i = 0; i < historyAt.length; i++) {
      JsonObject point = new JsonObject().put("at", historyAt[i]);
      if (historyKind[i] == POSITION_POINT) {
        point.put("lat", historyA[i]).put("lon", historyB[i]);
      } else {
        point.put("bearing", historyA[i]);
      }
      array.add(point);
    }
    return array;
  }

  public int historySize() {
    return historyAt.length;
  }

  /** Appends in time order (a late point is inserted where it belongs) and drops the oldest beyond the bound. */
  private void remember(long at, byte kind, double a, double b, int bound) {
    int n = historyAt.length;
    int insertAt = n;
    while (insertAt > 0 && historyAt[insertAt - 1] > at) {
      insertAt--;
    }
    int keep = Math.min(bound, n + 1);
    int drop = n + 1 - keep;
    if (insertAt < drop) {
      return; // older than everything kept
    }
    long[] at2 = new long[keep];
    byte[] kind2 = new byte[keep];
    double[] a2 = new double[keep];
    double[] b2 = new double[keep];
    int j = 0;
    for (int i = 0; i <= n; i++) {
      long t;
      byte k;
      double va;
      double vb;
      if (i == insertAt) {
        t = at;
        k = kind;
        va = a;
        vb = b;
      } else {
        int src = i < insertAt ? i : i - 1;
        t = historyAt[src];
        k = historyKind[src];
        va = historyA[src];
        vb = historyB[src];
      }
      if (i >= drop) {
        at2[j] = t;
        kind2[j] = k;
        a2[j] = va;
        b2[j] = vb;
        j++;
      }
    }
    historyAt = at2;
    historyKind = kind2;
    historyA = a2;
    historyB = b2;
  }

  public void writeTo(ObjectDataOutput out) throws IOException {
    out.writeLong(positionAt);
    writeAxis(out, east);
    writeAxis(out, north);
    out.writeLong(bearingAt);
    writeAxis(out, bearing);
    out.writeLongArray(historyAt);
    out.writeByteArray(historyKind);
    out.writeDoubleArray(historyA);
    out.writeDoubleArray(historyB);
  }

  public static Track readFrom(ObjectDataInput in) throws IOException {
    Track t = new Track();
    t.positionAt = in.readLong();
    readAxis(in, t.east);
    readAxis(in, t.north);
    t.bearingAt = in.readLong();
    readAxis(in, t.bearing);
    t.historyAt = in.readLongArray();
    t.historyKind = in.readByteArray();
    t.historyA = in.readDoubleArray();
    t.historyB = in.readDoubleArray();
    return t;
  }

  private static void writeAxis(ObjectDataOutput out, Axis a) throws IOException {
    out.writeDouble(a.x);
    out.writeDouble(a.v);
    out.writeDouble(a.p11);
    out.writeDouble(a.p12);
    out.writeDouble(a.p22);
  }

  private static void readAxis(ObjectDataInput in, Axis a) throws IOException {
    a.x = in.readDouble();
    a.v = in.readDouble();
    a.p11 = in.readDouble();
    a.p12 = in.readDouble();
    a.p22 = in.readDouble();
  }
}
