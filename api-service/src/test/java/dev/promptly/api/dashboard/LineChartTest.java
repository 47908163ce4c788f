package dev.promptly.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

  @Test
  void theTopOfTheChartIsTheNextOneTwoOrFiveTimesAPowerOfTen() {
    LineChart chart = chartOf(0, 3.2, 1);

    assertThat(chart.max()).isEqualTo(5.0);
    assertThat(chart.maxLabel()).isEqualTo("5 jobs");
  }

  @Test
  void tinyAmountsKeepTheirDigits() {
    LineChart chart = chartOf(0.000094);

    assertThat(chart.maxLabel()).isEqualTo("0.0001 jobs");
  }

  @Test
  void pointsSpanTheWidthAndPutZeroAtTheBottom() {
    LineChart chart = chartOf(0, 5, 10);

    assertThat(chart.series().getFirst().points()).isEqualTo("0.0,160.0 300.0,80.0 600.0,0.0");
  }

  @Test
  void aChartWithoutDataStillHasATop() {
    LineChart chart = chartOf(0, 0);

    assertThat(chart.max()).isEqualTo(1.0);
  }

  private static LineChart chartOf(double... values) {
    return LineChart.of(
        "t", "jobs", "from", "to", List.of(new LineChart.Line("a", "line-0", values, "")));
  }
}
