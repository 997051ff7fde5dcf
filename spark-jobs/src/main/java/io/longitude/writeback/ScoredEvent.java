package io.longitude.writeback;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One row of a scores table (PLAN "Scores table"): an event a model version scored. Binary tasks carry a
 * calibrated probability and its risk band; next-visit-dx carries the ranked condition codes ({@code system|code},
 * best first) with their probabilities instead.
 *
 * @param encounterKey null when the event has no encounter
 */
public record ScoredEvent(String task, String model, String modelVersion, String sampleId, String patientKey,
                          String encounterKey, Instant predictionTime, Double probability, String riskBand,
                          List<String> predictedCodes, List<Double> predictedProbabilities) implements Serializable {

    public static ScoredEvent binary(String task, String model, String modelVersion, String sampleId, String patientKey,
                                     String encounterKey, Instant predictionTime, double probability, String riskBand) {
        return new ScoredEvent(task, model, modelVersion, sampleId, patientKey, encounterKey, predictionTime, probability,
                riskBand, null, null);
    }

    public static ScoredEvent nextVisit(String task, String model, String modelVersion, String sampleId,
                                        String patientKey, String encounterKey, Instant predictionTime,
                                        List<String> predictedCodes, List<Double> predictedProbabilities) {
        return new ScoredEvent(task, model, modelVersion, sampleId, patientKey, encounterKey, predictionTime, null, null,
                predictedCodes, predictedProbabilities);
    }
}
