package kraken.inference;

/**
 * One caller's share of a batched model run: {@code outputs} holds its rows' outputs row after row,
 * {@code width} values per row ({@code members * classes}, see {@link ModelCard}), made by {@code card}'s version.
 */
public record Inferred(ModelCard card, float[] outputs, int width) {

  /** How assessments name the version that made it, e.g. {@code sonar-ab12cd} (see {@link ModelCard#id()}). */
  public String modelId() {
    return card.id();
  }

  public int rows() {
    return width == 0 ? 0 : outputs.length / width;
  }
}
