package io.longitude.writeback;

import io.longitude.explain.ContributingCode;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One row of a scores table (PLAN "Scores table"): an event a model version scored. Binary tasks carry a
 * calibrated probability and its risk band, and the codes that pushed it up most when the scoring explained it;
 * next-visit-dx carries the ranked condition codes ({@code system|code}, best first) with their probabilities instead.
 *
 * @param encounterKey null when the event has no encounter
 * @param topCodes     null or empty when the scoring has no explanation of the event
 */
public record ScoredEvent(String task, String model, String modelVersion, String sampleId, String patientKey,
                          String encounterKey, Instant predictionTime, Double probability, String riskBand,
                          List<String> predictedCodes, List<Double> predictedProbabilities,
                          List<ContributingCode> topCodes) implements Serializable {

    public static ScoredEvent binary(String task, String model, String modelVersion, String sampleId, String patientKey,
                                     String encounterKey, Instant predictionTime, double probability, String riskBand) {
        return new ScoredEvent(task, model, modelVersion, sampleId, patientKey, encounterKey, predictionTime, probability,
                riskBand, null, null, null);
    }

    public static ScoredEvent nextVisit(String task, String model, String modelVersion, String sampleId,
                                        String patientKey, String encounterKey, Instant predictionTime,
                                        List<String> predictedCodes, List<Double> predictedProbabilities) {
        return new ScoredEvent(task, model, modelVersion, sampleId, patientKey, encounterKey, predictionTime, null, null,
                predictedCodes, predictedProbabilities, null);
    }

    /** This event with the codes that pushed its score up most. */
    public ScoredEvent withTopCodes(List<ContributingCode> codes) {
        return new ScoredEvent(task, model, modelVersion, sampleId, patientKey, encounterKey, predictionTime, probability,
                riskBand, predictedCodes, predictedProbabilities, codes == null ? null : List.copyOf(codes));
    }
}
