package dev.vigil.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.ast.Function;
import dev.vigil.promql.ast.Functions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The editor completes exactly the functions the engine accepts by default. */
class FunctionListTest {
  @Test
  void editorFunctionsMatchTheEngine() throws IOException {
    String js;
    try (InputStream in =
        FunctionListTest.class.getResourceAsStream("/dev/vigil/ui/static/app/promql.js")) {
      js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String table = js.substring(js.indexOf("export const FUNCTIONS = {"), js.indexOf("};"));
    Set<String> editor = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  ([a-z_0-9]+): '").matcher(table);
    while (m.find()) {
      editor.add(m.group(1));
    }
    Set<String> engine = new TreeSet<>();
    for (Function f : Functions.all().values()) {
      if (!f.experimental()) {
        engine.add(f.name());
      }
    }
    assertThat(editor).isEqualTo(engine);
  }
}
