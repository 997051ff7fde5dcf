package io.longitude.meds;

import io.longitude.cohort.SplitAssigner;

/**
 * Column names and split names of MEDS 0.4 ({@code meds/schema.py}) and of meds-evaluation's prediction schema,
 * as Longitude writes them:
 * <ul>
 *   <li>data: {@code subject_id} int64, {@code time} timestamp[us] without zone (null for static rows),
 *       {@code code} string, {@code numeric_value} float32, {@code text_value} string, plus {@code unit} string
 *       (a code modifier column, declared in dataset.json), {@code visit_index} int32 ({@link #VISIT_INDEX}), {@code event_kind} string ({@link #EVENT_KIND});</li>
 *   <li>labels: {@code subject_id}, {@code prediction_time} timestamp[us], {@code boolean_value} bool — no
 *       other column (the label schema is closed);</li>
 *   <li>predictions: the label columns plus {@code predicted_boolean_probability} float32;</li>
 *   <li>{@code metadata/codes.parquet}: {@code code}, {@code description}, {@code parent_codes} list&lt;string&gt;;</li>
 *   <li>{@code metadata/subject_splits.parquet}: {@code subject_id}, {@code split}.</li>
 * </ul>
 */
public final class MedsSchema {

    /** The MEDS release whose schema.py these definitions follow (unchanged in the repository since). */
    public static final String MEDS_VERSION = "0.4.0";

    public static final String SUBJECT_ID = "subject_id";
    public static final String TIME = "time";
    public static final String CODE = "code";
    public static final String NUMERIC_VALUE = "numeric_value";
    public static final String TEXT_VALUE = "text_value";
    public static final String UNIT = "unit";
    /**
     * An extension column (dataset.json {@code other_extension_columns}), int32: the position of the row's visit in
     * the subject's visit sequence ({@code encounters.visitIndex}), null for a row on no visit. MEDS has no
     * encounter column; without it overlapping encounters could not be told apart when the data is read back.
     */
    public static final String VISIT_INDEX = "visit_index";
    /**
     * An extension column, string: the kind of a clinical row's event ({@code io.longitude.fhir.EventKind} label:
     * condition, procedure, observation, …), null for Longitude's other codes. A code does not say it: SNOMED codes
     * conditions and procedures alike.
     */
    public static final String EVENT_KIND = "event_kind";

    public static final String PREDICTION_TIME = "prediction_time";
    public static final String BOOLEAN_VALUE = "boolean_value";
    public static final String PREDICTED_BOOLEAN_PROBABILITY = "predicted_boolean_probability";

    public static final String DESCRIPTION = "description";
    public static final String PARENT_CODES = "parent_codes";

    public static final String SPLIT = "split";
    public static final String TRAIN = "train";
    public static final String TUNING = "tuning";
    public static final String HELD_OUT = "held_out";

    private MedsSchema() {
    }

    /** The MEDS split of a cohort split: train → train, validation → tuning, test → held_out. */
    public static String splitOfCohort(String cohortSplit) {
        return switch (cohortSplit) {
            case SplitAssigner.TRAIN -> TRAIN;
            case SplitAssigner.VALIDATION -> TUNING;
            case SplitAssigner.TEST -> HELD_OUT;
            default -> throw new IllegalArgumentException("unknown cohort split '" + cohortSplit + "'");
        };
    }
}
