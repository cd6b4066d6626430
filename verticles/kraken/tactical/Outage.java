package kraken.tactical;

/**
 * PostgreSQL away, as a writer of the picture sees it: since when (epoch ms, the first failed write of this outage)
 * and the last error. For the system alert that tells the crew their record is waiting in memory or in the grid.
 */
public record Outage(long since, String lastError) {
}
