package dev.vigil.promql.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.time.Durations;
import dev.vigil.core.time.Timestamps;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.Printer;
import dev.vigil.promql.ast.VectorSelector;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;

/**
 * Jazzer fuzz targets for the text a user sends the query API: PromQL expressions ({@code query},
 * {@code /api/v1/format_query}, {@code parse_query}), series selectors ({@code match[]}) and the
 * time and duration parameters. In the normal test phase they run in regression mode over the
 * inputs under {@code src/test/resources/dev/vigil/promql/fuzz/PromqlFuzzTestInputs/<target>/}
 * (valid queries, deep nesting, long unary chains, broken strings), in milliseconds. To fuzz for
 * real: {@code JAZZER_FUZZ=1 mvn -pl core,promql test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=PromqlFuzzTest#query -Djazzer.hooks=true}; crashes are written next to the inputs.
 *
 * <p>The properties: the parser returns an expression or throws {@link ParseException} with a
 * position inside the input, never anything else (an internal error it wraps as "unexpected error"
 * counts as a crash too), and never overflows the stack; what it accepts prints to text that parses
 * again to the same text; a selector's matchers convert to storage matchers without failing; the
 * duration and timestamp parsers only throw {@link IllegalArgumentException}. Jazzer also reports
 * hangs and out-of-memory.
 */
class PromqlFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void query(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Expr e = parse(text);
    if (e != null) {
      String printed = Printer.print(e);
      Expr again = Parser.parse(printed);
      if (!Printer.print(again).equals(printed)) {
        throw new AssertionError(
            "printing is not stable: " + text + " -> " + printed + " -> " + Printer.print(again));
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void seriesSelector(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    if (parse(text) instanceof VectorSelector vs) {
      for (LabelMatcher m : vs.matchers()) {
        m.toCore(); // what /api/v1/series and friends hand to the storage
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void durationsAndTimes(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      Durations.parseMillis(text);
    } catch (IllegalArgumentException expected) {
      // refused with a message
    }
    try {
      Timestamps.parseDurationMillis(text);
    } catch (IllegalArgumentException expected) {
      // refused with a message
    }
    try {
      Timestamps.parseMillis(text);
    } catch (IllegalArgumentException expected) {
      // refused with a message
    }
  }

  /** The parsed expression, or null when the parser refused the text properly. */
  private static Expr parse(String text) {
    try {
      return Parser.parse(text);
    } catch (ParseException e) {
      if (e.reason().startsWith("unexpected error: ")) {
        throw new AssertionError("the parser failed internally on: " + text, e);
      }
      if (e.position() == null
          || e.position().start() < 0
          || e.position().start() > text.length()
          || e.line() < 1
          || e.column() < 1) {
        throw new AssertionError("parse error without a position inside the input: " + text, e);
      }
      return null;
    }
  }
}
