package io.longitude.scoring;

/**
 * The columns of a scoring ({@code Warehouse.scores(task, model, asOf)}), which the score job writes and
 * write-back reads: one row per open index event. Binary tasks: the calibrated {@value #PROBABILITY}, its
 * {@value #RISK_BAND} (a code of HL7's risk-probability system) and the network's {@value #RAW_SCORE} for audit;
 * next-visit-dx: the top codes with their probabilities ({@value #PREDICTED_CODES},
 * {@value #PREDICTED_PROBABILITIES}) and no probability or band.
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

    private ScoresTable() {
    }
}
