package io.longitude.cohort;

import io.longitude.config.InvalidConfigException;

import java.util.Arrays;
import java.util.List;

/** The prediction task families a task file can define, with the keys only that family accepts. */
public enum TaskKind {
    READMISSION("readmission", List.of("window-days", "unplanned-only", "outcome.system", "outcome.code",
            "outcome.display")),
    MORTALITY("mortality", List.of("offset-hours", "outcome.system", "outcome.code", "outcome.display")),
    NEXT_VISIT_DX("next-visit-dx", List.of("top-k")),
    /** An ACES task config (YAML) decides the samples and labels; the task file keeps features and split. */
    ACES("aces", List.of("aces.task-file", "aces.predicates-file", "outcome.system", "outcome.code",
            "outcome.display"));

    private final String label;
    private final List<String> ownKeys;

    TaskKind(String label, List<String> ownKeys) {
        this.label = label;
        this.ownKeys = ownKeys;
    }

    public String label() {
        return label;
    }

    List<String> ownKeys() {
        return ownKeys;
    }

    /** Binary tasks have one label per sample; next-visit-dx has per-visit targets instead. */
    public boolean binary() {
        return this != NEXT_VISIT_DX;
    }

    public static TaskKind of(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst()
                .orElseThrow(() -> new InvalidConfigException("task.kind must be one of "
                        + Arrays.stream(values()).map(TaskKind::label).toList() + ", got '" + label + "'"));
    }
}
