package io.longitude.scoring;

/**
 * The columns of a scoring ({@code Warehouse.scores(task, model, asOf)}), which the score job writes and
 * write-back reads: one row per open index event. Binary tasks: the calibrated {@value #PROBABILITY}, its
 * {@value #RISK_BAND} (a code of HL7's risk-probability system) and the network's {@value #RAW_SCORE} for audit;
 * next-visit-dx: the top codes with their probabilities ({@value #PREDICTED_CODES},
 * {@value #PREDICTED_PROBABILITIES}) and no probability or band.
 *
 * <p>Binary tasks with {@code score.explain.top-codes} above 0 also carry the codes that pushed the prediction up
 * most ({@link io.longitude.explain.ContributingCode}), as parallel arrays, largest attribution first: {@value #EXPLAINED_CODES},
 * {@value #EXPLAINED_DESCRIPTIONS}, {@value #EXPLAINED_ATTRIBUTIONS}, {@value #EXPLAINED_VISITS_BEFORE} and
 * {@value #EXPLAINED_DAYS_BEFORE}; null when explanations are off.
 */
public final class ScoresTable {

    public static final String TASK = "task";
    public static final String MODEL = "model";
    public static final String MODEL_VERSION = "modelVersion";
    public static final String SAMPLE_ID = "sampleId";
    public static final String PATIENT_KEY = "patientKey";
    public static final String ENCOUNTER_KEY = "encounterKey";
    /** timestamp */
    public static final String PREDICTION_TIME = "predictionTime";
    /** double: the version's recalibrator applied to {@link #RAW_SCORE}. */
    public static final String PROBABILITY = "probability";
    public static final String RISK_BAND = "riskBand";
    /** double: the network's output before recalibration. */
    public static final String RAW_SCORE = "rawScore";
    /** array&lt;string&gt; */
    public static final String PREDICTED_CODES = "predictedCodes";
    /** array&lt;double&gt; */
    public static final String PREDICTED_PROBABILITIES = "predictedProbabilities";

    /** array&lt;string&gt;: vocabulary tokens ({@code system|code}, {@code system|code#q5/5} …). */
    public static final String EXPLAINED_CODES = "explainedCodes";
    /** array&lt;string&gt;: each code's display from the warehouse's {@code codes} table; an element is null without one. */
    public static final String EXPLAINED_DESCRIPTIONS = "explainedDescriptions";
    /** array&lt;double&gt;: integrated-gradients attribution to the raw score (probability points, positive). */
    public static final String EXPLAINED_ATTRIBUTIONS = "explainedAttributions";
    /** array&lt;int&gt;: visits between the code's visit and the index visit (0: the index visit). */
    public static final String EXPLAINED_VISITS_BEFORE = "explainedVisitsBefore";
    /** array&lt;double&gt;: days from the code's visit start to the index visit start; null elements without a gap feature. */
    public static final String EXPLAINED_DAYS_BEFORE = "explainedDaysBefore";

    private ScoresTable() {
    }
}
