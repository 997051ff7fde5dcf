package io.longitude.models.data;

/** How labels are laid out in a featurised batch; it follows from the task and the network head. */
public enum LabelLayout {
    /** One binary label per sequence, labels {@code [batch, 1]}, no label mask (last-step or pooled heads). */
    SEQUENCE,
    /**
     * One binary label per sequence placed at the last real step: labels {@code [batch, 1, T]}, label
     * mask {@code [batch, T]} set only there (per-step output layers, truncated BPTT).
     */
    LAST_STEP,
    /**
     * Next-visit targets: labels {@code [batch, targetVocab, T]} holding at step t the multi-hot
     * targets of visit t + 1; label mask set at every real step but the last.
     */
    NEXT_VISIT
}
