package io.longitude.cohort.aces;

import java.io.Serializable;

/** A named predicate of a task config: plain (over one event) or derived (over other predicates at one time). */
public sealed interface AcesPredicate extends Serializable permits PlainPredicate, DerivedPredicate {

    String name();
}
