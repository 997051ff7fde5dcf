package io.longitude.models.registry;

/**
 * The vocabulary of a version's predictions table ({@link ModelVersion#predictions()}), which the train job
 * writes and the evaluate job reads: its column names and the model names of the baselines written beside the
 * network. Binary tasks: one row per cohort sample and model, with {@value #LABEL} and {@value #SCORE}.
 * next-visit-dx: one row per visit that has a next visit, sample and model, with the visit's {@value #STEP}, the
 * top codes by descending score ({@value #PREDICTED_CODES}, {@value #PREDICTED_SCORES}) and the next visit's
 * codes ({@value #TRUE_CODES}).
 */
public final class PredictionTable {

    public static final String SAMPLE_ID = "sampleId";
    public static final String PATIENT_KEY = "patientKey";
    public static final String ENCOUNTER_KEY = "encounterKey";
    public static final String INDEX_TIME = "indexTime";
    public static final String SPLIT = "split";
    public static final String SEX = "sex";
    public static final String AGE_AT_INDEX = "ageAtIndex";
    public static final String MODEL = "model";
    public static final String MODEL_VERSION = "modelVersion";

    public static final String LABEL = "label";
    public static final String SCORE = "score";
    /** Evaluate's calibrated test predictions ({@code Warehouse.calibratedPredictions}): the recalibrated score. */
    public static final String CALIBRATED_SCORE = "calibratedScore";

    public static final String STEP = "step";
    public static final String PREDICTED_CODES = "predictedCodes";
    public static final String PREDICTED_SCORES = "predictedScores";
    public static final String TRUE_CODES = "trueCodes";

    /** The binary tasks' baseline: L2 logistic regression on bag-of-codes. */
    public static final String LOGISTIC_BASELINE = "baseline-logreg";
    /** next-visit-dx's baseline: the training split's most frequent next-visit codes, one ranking for all. */
    public static final String MOST_FREQUENT_BASELINE = "baseline-most-frequent";

    private PredictionTable() {
    }
}
