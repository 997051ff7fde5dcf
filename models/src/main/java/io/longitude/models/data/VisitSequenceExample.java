package io.longitude.models.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * One patient sequence as the models see it: per visit a set of code ids (from a vocabulary fitted
 * elsewhere) and a fixed number of numeric features, plus either one binary label for the whole
 * sequence or, for next-visit prediction, the target code ids observed at each visit.
 *
 * <p>Visits are in chronological order. For next-visit tasks the featuriser places the targets of
 * visit {@code t + 1} at step {@code t}; the last visit has nothing to predict. The id is opaque
 * (a sample key, never a patient identifier in clear) and is not used for training.
 */
public final class VisitSequenceExample implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Marks an example without a sequence label (a next-visit example). */
    public static final int NO_LABEL = -1;

    private final String id;
    private final int[][] visitCodes;
    private final float[][] visitNumeric;
    private final int label;
    private final int[][] visitTargets;

    private VisitSequenceExample(String id, int[][] visitCodes, float[][] visitNumeric, int label,
                                 int[][] visitTargets) {
        this.id = Objects.requireNonNull(id, "id");
        Objects.requireNonNull(visitCodes, "visitCodes");
        Objects.requireNonNull(visitNumeric, "visitNumeric");
        if (visitCodes.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one visit");
        }
        if (visitNumeric.length != visitCodes.length) {
            throw new IllegalArgumentException("visitNumeric has " + visitNumeric.length
                    + " visits but visitCodes has " + visitCodes.length);
        }
        int numericWidth = visitNumeric[0].length;
        for (int t = 0; t < visitCodes.length; t++) {
            Objects.requireNonNull(visitCodes[t], "visitCodes[" + t + "]");
            if (visitNumeric[t].length != numericWidth) {
                throw new IllegalArgumentException("visit " + t + " has " + visitNumeric[t].length
                        + " numeric features, visit 0 has " + numericWidth);
            }
        }
        if (visitTargets != null && visitTargets.length != visitCodes.length) {
            throw new IllegalArgumentException("visitTargets has " + visitTargets.length
                    + " visits but visitCodes has " + visitCodes.length);
        }
        this.visitCodes = visitCodes;
        this.visitNumeric = visitNumeric;
        this.label = label;
        this.visitTargets = visitTargets;
    }

    /** A sequence with one binary outcome (readmission, mortality …). */
    public static VisitSequenceExample binary(String id, int[][] visitCodes, float[][] visitNumeric,
                                              boolean positive) {
        return new VisitSequenceExample(id, visitCodes, visitNumeric, positive ? 1 : 0, null);
    }

    /**
     * A sequence for next-visit prediction; {@code visitTargets[t]} are the target-vocabulary ids
     * observed at visit {@code t} (often the visit's diagnoses).
     */
    public static VisitSequenceExample nextVisit(String id, int[][] visitCodes, float[][] visitNumeric,
                                                 int[][] visitTargets) {
        return new VisitSequenceExample(id, visitCodes, visitNumeric, NO_LABEL,
                Objects.requireNonNull(visitTargets, "visitTargets"));
    }

    public String id() {
        return id;
    }

    public int length() {
        return visitCodes.length;
    }

    public int numericWidth() {
        return visitNumeric[0].length;
    }

    public int[] codes(int visit) {
        return visitCodes[visit];
    }

    public float[] numeric(int visit) {
        return visitNumeric[visit];
    }

    public boolean hasLabel() {
        return label != NO_LABEL;
    }

    /** 1 for a positive sequence, 0 for a negative one. */
    public int label() {
        if (!hasLabel()) {
            throw new IllegalStateException("next-visit example has no sequence label");
        }
        return label;
    }

    public boolean hasVisitTargets() {
        return visitTargets != null;
    }

    public int[] targets(int visit) {
        if (visitTargets == null) {
            throw new IllegalStateException("binary example has no per-visit targets");
        }
        return visitTargets[visit];
    }
}
