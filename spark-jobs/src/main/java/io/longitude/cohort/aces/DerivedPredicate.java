package io.longitude.cohort.aces;

import java.util.List;

/**
 * {@code and(a, b, …)} or {@code or(a, b, …)} of other predicates, evaluated per timestamp: 1 where all (any)
 * of the inputs hold at that time, else 0 (ACES config.py, {@code DerivedPredicateConfig.eval_expr}).
 */
public record DerivedPredicate(String name, boolean all, List<String> inputs) implements AcesPredicate {
}
