package io.longitude.jobs.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.config.InvalidConfigException;

/**
 * The validated {@code report { }} block plus the command's task and model.
 *
 * @param intendedUse          the model card's intended use for binary risk models
 * @param nextVisitIntendedUse the same for next-visit-dx models
 */
public record ReportConfig(String warehouse, String task, String model, int smallCellThreshold, String intendedUse,
                           String nextVisitIntendedUse) {

    public static ReportConfig from(Config config, String warehouse, String task, String model) {
        try {
            Config c = config.getConfig("report");
            int threshold = c.getInt("small-cell-threshold");
            if (threshold < 1) {
                throw new InvalidConfigException("report.small-cell-threshold must be at least 1");
            }
            return new ReportConfig(warehouse, task, model, threshold, c.getString("intended-use"),
                    c.getString("next-visit-intended-use"));
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
