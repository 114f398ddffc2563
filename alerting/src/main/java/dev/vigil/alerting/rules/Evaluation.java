package dev.vigil.alerting.rules;

import dev.vigil.alerting.template.Expander;
import dev.vigil.core.storage.Queryable;
import dev.vigil.promql.engine.Engine;
import java.util.Map;

/**
 * What rules need to evaluate: the engine and storage the HTTP query API uses too, the template
 * expander, external labels, and the offsets of the current group.
 *
 * @param queryOffsetMillis how far before the evaluation time queries run
 * @param limit the group's limit on series or alerts per rule (0 = none)
 */
record Evaluation(
    Engine engine,
    Queryable queryable,
    Expander expander,
    Map<String, String> externalLabels,
    long queryOffsetMillis,
    int limit) {}
