package kraken.storage;

/**
 * One point of a contact's track as the picture recorded it: sensor time {@code at} (epoch ms), the position
 * (null for a bearing-only point), the bearing and range from own ship, and the filter's course and speed after the
 * fold that brought the point in. {@code (contactId, at)} is its natural key, so writing it twice stores it once.
 */
public record TrackPointRow(String contactId, long at, Double lat, Double lon, Double bearing, Double course,
                            Double speedMps, Double rangeM) {
}
