package io.longitude.jobs.score;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.config.InvalidConfigException;
import io.longitude.scoring.RiskBands;

import java.time.Duration;
import java.time.Instant;

/**
 * The validated {@code score { }} block plus the command's task, model, as-of instant and version.
 *
 * @param asOf         null: the newest event time in the warehouse
 * @param version      null: the promoted version
 * @param explainCodes contributing codes kept per scored binary event ({@code score.explain.top-codes}; 0: none)
 * @param explainSteps integrated-gradients steps ({@code score.explain.steps})
 */
public record ScoreConfig(String warehouse, String task, String model, Instant asOf, String version,
                          Duration maxOpen, Duration nextVisitLookback, int nextVisitCodes, RiskBands bands,
                          int explainCodes, int explainSteps) {

    public static ScoreConfig from(Config config, String warehouse, String task, String model, Instant asOf,
                                   String version) {
        try {
            Config c = config.getConfig("score");
            int maxOpenHours = c.getInt("max-open-hours");
            int lookbackDays = c.getInt("next-visit-lookback-days");
            int codes = c.getInt("next-visit-codes");
            if (maxOpenHours < 1 || lookbackDays < 1 || codes < 1) {
                throw new InvalidConfigException("score.max-open-hours, score.next-visit-lookback-days and "
                        + "score.next-visit-codes must be positive");
            }
            int explainCodes = c.getInt("explain.top-codes");
            int explainSteps = c.getInt("explain.steps");
            if (explainCodes < 0 || explainSteps < 1) {
                throw new InvalidConfigException("score.explain.top-codes must be >= 0 (0: off) and score.explain.steps "
                        + "positive");
            }
            RiskBands bands = new RiskBands(c.getDouble("risk-bands.low"), c.getDouble("risk-bands.moderate"),
                    c.getDouble("risk-bands.high"));
            return new ScoreConfig(warehouse, task, model, asOf, version, Duration.ofHours(maxOpenHours),
                    Duration.ofDays(lookbackDays), codes, bands, explainCodes, explainSteps);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /**
     * This scoring as of another instant, by a given version: one night of a backtest, which measures realised metrics
     * and explains no score (explanations cost about a hundred scorings, BENCHMARKS.md "explain").
     */
    public ScoreConfig night(Instant night, String fixedVersion) {
        return new ScoreConfig(warehouse, task, model, night, fixedVersion, maxOpen, nextVisitLookback, nextVisitCodes,
                bands, 0, explainSteps);
    }
}
