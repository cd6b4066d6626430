package kraken.training;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A training CSV")
class TrainingCsvTest {

  private static TrainingData parse(String text, String label) {
    return TrainingCsv.parse("t.csv", List.of(text.split("\n", -1)), label);
  }

  @Test
  @DisplayName("with a header names its features and takes the last column as the label, classes sorted as text")
  void headerAndLastLabel() {
    TrainingData data = parse("a, b ,\"kind\"\n1,2,zeta\n3,-4.5e-1,alpha\n\n5,6,zeta\n", null);
    assertThat(data.featureNames()).containsExactly("a", "b");
    assertThat(data.labelName()).isEqualTo("kind");
    assertThat(data.classes()).containsExactly("alpha", "zeta");
    assertThat(data.features()).containsExactly(1, 2, 3, -0.45f, 5, 6);
    assertThat(data.labels()).containsExactly(1, 0, 1);
  }

  @Test
  @DisplayName("with a header takes --label by name, wherever the column is")
  void labelByName() {
    TrainingData data = parse("kind,a,b\nx,1,2\ny,3,4\n", "kind");
    assertThat(data.featureNames()).containsExactly("a", "b");
    assertThat(data.features()).containsExactly(1, 2, 3, 4);
    assertThat(data.labels()).containsExactly(0, 1);
  }

  @Test
  @DisplayName("without a header names features f0.. and takes the last column, or --label as a 0-based index; "
    + "numeric labels sort as numbers")
  void headerless() {
    TrainingData last = parse("1,2,10\n3,4,9\n5,6,10\n", null);
    assertThat(last.featureNames()).containsExactly("f0", "f1");
    assertThat(last.classes()).containsExactly("9", "10");
    assertThat(last.rows()).as("the first row is data, not a header").isEqualTo(3);
    TrainingData first = parse("1,2,10\n3,4,9\n", "0");
    assertThat(first.labelName()).isEqualTo("0");
    assertThat(first.classes()).containsExactly("1", "3");
    assertThat(first.features()).containsExactly(2, 10, 4, 9);
  }

  @Test
  @DisplayName("refuses a non-numeric feature, naming line, column and what is allowed")
  void nonNumericFeature() {
    assertThatThrownBy(() -> parse("a,b,kind\n1,2,x\n3,abc,y\n", null)).isInstanceOf(TrainingInputException.class)
      .hasMessage("t.csv line 3, column 1 (b): 'abc' is not a number; feature cells must be finite decimal numbers "
        + "such as 3, -0.25 or 1e-4");
    assertThatThrownBy(() -> parse("1,2,x\n3,NaN,y\n", null)).hasMessageStartingWith("t.csv line 2, column 1: 'NaN'");
  }

  @Test
  @DisplayName("refuses a ragged row, an empty file, a header without rows and a single class")
  void shapeRejections() {
    assertThatThrownBy(() -> parse("a,b,kind\n1,2,x\n3,y\n", null))
      .hasMessage("t.csv line 3 has 2 columns, line 1 has 3: every row needs the same number of comma-separated cells");
    assertThatThrownBy(() -> parse("\n \n", null))
      .hasMessage("t.csv is empty: expected rows of numeric features and a label");
    assertThatThrownBy(() -> parse("a,b,kind\n", null)).hasMessage("t.csv has a header but no data rows");
    assertThatThrownBy(() -> parse("1,2,x\n3,4,x\n", null)).hasMessageContaining("only one class ('x')");
    assertThatThrownBy(() -> parse("1,2,\n3,4,x\n", null)).hasMessageContaining("line 1, column 2: the label is empty");
  }

  @Test
  @DisplayName("refuses an unknown --label name and an index past the last column, listing what exists")
  void unknownLabel() {
    assertThatThrownBy(() -> parse("a,b,kind\n1,2,x\n", "class"))
      .hasMessage("--label 'class' is not a column of t.csv: give a header name (a, b, kind) or a 0-based column index");
    assertThatThrownBy(() -> parse("1,2,x\n", "3"))
      .hasMessage("--label 3 is not a column of t.csv: it has 3 columns, so a 0-based index must be 0 to 2");
  }

  @Test
  @DisplayName("fingerprints the rows as parsed, not the text: formatting does not change it, a value does")
  void fingerprint() {
    String a = parse("x,kind\n1,p\n2,q\n", null).fingerprint();
    assertThat(parse("1.0 , p\n2e0,q\n", null).fingerprint()).isEqualTo(a);
    assertThat(parse("x,kind\n1,p\n3,q\n", null).fingerprint()).isNotEqualTo(a).startsWith("sha256:");
  }
}
