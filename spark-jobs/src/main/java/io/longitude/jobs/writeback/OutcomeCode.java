package io.longitude.jobs.writeback;

import java.io.Serializable;

/** The coded outcome a task predicts, written as RiskAssessment.prediction.outcome. */
public record OutcomeCode(String system, String code, String display) implements Serializable {
}
