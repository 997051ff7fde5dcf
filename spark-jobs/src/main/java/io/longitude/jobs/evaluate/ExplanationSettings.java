package io.longitude.jobs.evaluate;

import com.typesafe.config.Config;
import io.longitude.config.InvalidConfigException;

/**
 * The validated {@code evaluate.explain { }} block.
 *
 * @param topCodes   codes listed by mean |attribution| (and baseline coefficients); 0: no explanations
 * @param eraseCodes k of the comprehensiveness check
 * @param steps      interpolation steps of integrated gradients
 * @param maxSamples test samples explained at most (a fixed subset, by a hash of the sample id, beyond that)
 */
public record ExplanationSettings(int topCodes, int eraseCodes, int steps, int maxSamples) {

    static ExplanationSettings from(Config c) {
        ExplanationSettings settings = new ExplanationSettings(c.getInt("top-codes"), c.getInt("erase-codes"),
                c.getInt("steps"), c.getInt("max-samples"));
        if (settings.topCodes < 0 || settings.eraseCodes < 1 || settings.steps < 1 || settings.maxSamples < 1) {
            throw new InvalidConfigException("evaluate.explain.top-codes must be >= 0 (0: off), evaluate.explain."
                    + "erase-codes, evaluate.explain.steps and evaluate.explain.max-samples positive");
        }
        return settings;
    }

    public boolean enabled() {
        return topCodes > 0;
    }
}
