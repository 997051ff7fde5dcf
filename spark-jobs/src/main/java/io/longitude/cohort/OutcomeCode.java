package io.longitude.cohort;

import java.io.Serializable;

/** The coded outcome a binary task predicts (task file: {@code outcome { system, code, display }}), written as RiskAssessment.prediction.outcome. */
public record OutcomeCode(String system, String code, String display) implements Serializable {
}
