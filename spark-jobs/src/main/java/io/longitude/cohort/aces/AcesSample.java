package io.longitude.cohort.aces;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * One extracted row: the subject, its prediction time (the index timestamp), the trigger event's time, and how
 * many times the label predicate holds in the label window (ACES's {@code label} column is that count).
 */
public record AcesSample(String subject, LocalDateTime predictionTime, LocalDateTime triggerTime, long labelCount)
        implements Serializable {

    /** The binary label: the label predicate holds at least once in the label window. */
    public boolean label() {
        return labelCount > 0;
    }
}
