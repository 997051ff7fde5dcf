package io.longitude.jobs.evaluate;

import io.longitude.models.evaluation.MetricSettings;
import io.longitude.models.evaluation.RecalibrationMethod;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.config.InvalidConfigException;

import java.util.List;
import java.util.Locale;

/**
 * The validated {@code evaluate { }} block plus the command's task and model.
 *
 * @param recallAtK the k of next-visit-dx's recall@k and precision@k, ascending
 * @param explain   the {@code evaluate.explain} block
 */
public record EvaluateConfig(String warehouse, String task, String model, String baselineModel,
                             long maxCollectedSamples, List<Integer> recallAtK, MetricSettings settings,
                             ExplanationSettings explain) {

    public static EvaluateConfig from(Config config, String warehouse, String task, String model) {
        try {
            Config c = config.getConfig("evaluate");
            RecalibrationMethod method;
            try {
                method = RecalibrationMethod.valueOf(c.getString("recalibration").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("evaluate.recalibration must be platt or isotonic, got '"
                        + c.getString("recalibration") + "'");
            }
            List<Double> thresholds = c.getDoubleList("thresholds");
            for (double t : thresholds) {
                if (!(t > 0 && t < 1)) {
                    throw new InvalidConfigException("evaluate.thresholds must lie strictly between 0 and 1, got " + t);
                }
            }
            long maxCollected = c.getLong("max-collected-samples");
            if (maxCollected < 1) {
                throw new InvalidConfigException("evaluate.max-collected-samples must be positive");
            }
            List<Integer> recallAtK = c.getIntList("recall-at-k");
            for (int i = 0; i < recallAtK.size(); i++) {
                if (recallAtK.get(i) < 1 || (i > 0 && recallAtK.get(i) <= recallAtK.get(i - 1))) {
                    throw new InvalidConfigException("evaluate.recall-at-k must be positive and strictly ascending, got "
                            + recallAtK);
                }
            }
            if (recallAtK.isEmpty()) {
                throw new InvalidConfigException("evaluate.recall-at-k must name at least one k");
            }
            MetricSettings settings = new MetricSettings(c.getInt("bootstrap-resamples"),
                    c.getLong("bootstrap-seed"), c.getInt("min-positive-patients"), thresholds,
                    c.getIntList("age-bands"), c.getInt("reliability-bins"), c.getInt("curve-points"), method);
            return new EvaluateConfig(warehouse, task, model, c.getString("baseline-model"), maxCollected,
                    List.copyOf(recallAtK), settings, ExplanationSettings.from(c.getConfig("explain")));
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("evaluate: " + e.getMessage());
        }
    }
}
