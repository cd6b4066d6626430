package kraken.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads a CSV of numeric features and one label column into {@link TrainingData}.
 *
 * <ul>
 *   <li>Cells are separated by commas (no commas inside cells); spaces around a cell and double quotes around it are
 *   dropped; blank lines are skipped.</li>
 *   <li>The first row is a header when any of its would-be feature cells (all but the label column) is not a
 *   number; its cells then name the columns. Without a header the features are named {@code f0, f1, ...}.</li>
 *   <li>The label column is {@code label}: a header name, or a 0-based column index; by default the last column.</li>
 *   <li>Feature cells are finite decimal numbers ({@code 3}, {@code -0.25}, {@code 1e-4}); labels are any non-empty
 *   text. Classes are sorted: numerically when every label is a number, otherwise as text, so the class order
 *   does not depend on the order of the rows.</li>
 * </ul>
 *
 * Anything else is refused with a {@link TrainingInputException} naming the line and column.
 */
public final class TrainingCsv {

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private TrainingCsv() {
  }

  /** @param label the label column's header name or 0-based index; null for the last column */
  public static TrainingData read(Path file, String label) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TrainingInputException("--csv " + file + ": no such file");
    } catch (IOException e) {
      throw new TrainingInputException("--csv " + file + ": cannot be read (" + e.getMessage() + ")");
    }
    return parse(file.toString(), lines, label);
  }

  static TrainingData parse(String source, List<String> lines, String label) {
    int first = firstNonBlank(lines, 0);
    if (first < 0) {
      throw new TrainingInputException(source + " is empty: expected rows of numeric features and a label");
    }
    String[] firstRow = cells(lines.get(first).replace("\uFEFF", ""));
    if (firstRow.length < 2) {
      throw new TrainingInputException(source + " line " + (first + 1) + " has " + firstRow.length
        + " column: expected at least one feature column and a label column, separated by commas");
    }
    int labelColumn = labelColumn(source, firstRow, label);
    boolean header = IntStream.range(0, firstRow.length)
      .anyMatch(c -> c != labelColumn && !NUMBER.matcher(firstRow[c]).matches());
    List<String> columnNames = header ? Arrays.asList(firstRow) : null;
    List<String> featureNames = new ArrayList<>();
    for (int c = 0, f = 0; c < firstRow.length; c++) {
      if (c != labelColumn) {
        featureNames.add(header ? firstRow[c] : "f" + f++);
      }
    }
    String labelName = header ? firstRow[labelColumn] : Integer.toString(labelColumn);

    int width = firstRow.length;
    FloatList values = new FloatList();
    List<String> labelTexts = new ArrayList<>();
    for (int i = header ? first + 1 : first; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] row = cells(lines.get(i));
      int line = i + 1;
      if (row.length != width) {
        throw new TrainingInputException(source + " line " + line + " has " + row.length + " columns, line "
          + (first + 1) + " has " + width + ": every row needs the same number of comma-separated cells");
      }
      for (int c = 0; c < width; c++) {
        if (c == labelColumn) {
          if (row[c].isEmpty()) {
            throw new TrainingInputException(source + " line " + line + ", " + column(columnNames, c)
              + ": the label is empty; every row needs a label");
          }
          labelTexts.add(row[c]);
        } else {
          values.add(number(source, line, column(columnNames, c), row[c]));
        }
      }
    }
    if (labelTexts.isEmpty()) {
      throw new TrainingInputException(source + " has a header but no data rows");
    }
    List<String> classes = sortedClasses(labelTexts);
    Map<String, Integer> classIndex = new LinkedHashMap<>();
    classes.forEach(c -> classIndex.put(c, classIndex.size()));
    int[] labels = labelTexts.stream().mapToInt(classIndex::get).toArray();
    if (classes.size() < 2) {
      throw new TrainingInputException(source + " has only one class ('" + classes.get(0)
        + "') in its label column " + labelName + ": a classifier needs at least two");
    }
    return new TrainingData(featureNames, labelName, classes, values.toArray(), labels);
  }

  private static int labelColumn(String source, String[] firstRow, String label) {
    if (label == null) {
      return firstRow.length - 1;
    }
    // A whole number is always an index: on a headerless file the first row's cells are data, not names.
    if (label.strip().matches("\\d+")) {
      int index = Integer.parseInt(label.strip());
      if (index < firstRow.length) {
        return index;
      }
      throw new TrainingInputException("--label " + label + " is not a column of " + source + ": it has "
        + firstRow.length + " columns, so a 0-based index must be 0 to " + (firstRow.length - 1));
    }
    int named = Arrays.asList(firstRow).indexOf(label.strip());
    if (named >= 0) {
      return named;
    }
    throw new TrainingInputException("--label '" + label + "' is not a column of " + source
      + ": give a header name (" + String.join(", ", firstRow) + ") or a 0-based column index");
  }

  private static float number(String source, int line, String column, String cell) {
    if (NUMBER.matcher(cell).matches()) {
      float value = Float.parseFloat(cell);
      if (Float.isFinite(value)) {
        return value;
      }
    }
    throw new TrainingInputException(source + " line " + line + ", " + column + ": '" + cell
      + "' is not a number; feature cells must be finite decimal numbers such as 3, -0.25 or 1e-4");
  }

  private static String column(List<String> names, int c) {
    return names == null ? "column " + c : "column " + c + " (" + names.get(c) + ")";
  }

  private static List<String> sortedClasses(List<String> labels) {
    List<String> distinct = labels.stream().distinct().toList();
    boolean numeric = distinct.stream().allMatch(l -> NUMBER.matcher(l).matches());
    Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    return distinct.stream().sorted(order.thenComparing(Comparator.naturalOrder())).toList();
  }

  private static String[] cells(String line) {
    String[] cells = line.split(",", -1);
    for (int c = 0; c < cells.length; c++) {
      String cell = cells[c].strip();
      if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
        cell = cell.substring(1, cell.length() - 1).strip();
      }
      cells[c] = cell;
    }
    return cells;
  }

  private static int firstNonBlank(List<String> lines, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (!lines.get(i).replace("\uFEFF", "").isBlank()) {
        return i;
      }
    }
    return -1;
  }

  /** A growing float array: a list of boxed floats would cost 16 bytes a value for 30k x 70 cells. */
  private static final class FloatList {
    private float[] values = new float[1024];
    private int size;

    void add(float value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    float[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
