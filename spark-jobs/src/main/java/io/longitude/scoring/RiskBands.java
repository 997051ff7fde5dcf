package io.longitude.scoring;

import io.longitude.writeback.RiskProbability;

import java.io.Serializable;

/**
 * Cut points that turn a calibrated probability into a risk band ({@code score.risk-bands} in longitude.conf):
 * below {@code low} negligible, from {@code low} low, from {@code moderate} moderate, from {@code high} high.
 */
public record RiskBands(double low, double moderate, double high) implements Serializable {

    public RiskBands {
        if (!(0 < low && low < moderate && moderate < high && high < 1)) {
            throw new IllegalArgumentException("score.risk-bands need 0 < low < moderate < high < 1, got " + low + ", "
                    + moderate + ", " + high);
        }
    }

    public RiskProbability band(double probability) {
        if (probability >= high) {
            return RiskProbability.HIGH;
        }
        if (probability >= moderate) {
            return RiskProbability.MODERATE;
        }
        return probability >= low ? RiskProbability.LOW : RiskProbability.NEGLIGIBLE;
    }
}
