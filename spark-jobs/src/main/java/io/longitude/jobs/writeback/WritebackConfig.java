package io.longitude.jobs.writeback;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.cohort.OutcomeCode;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;

import java.net.URI;
import java.util.List;

/**
 * The validated {@code writeback { }} block plus the command's task (a name or a task file: the record holds
 * the name inside, as the warehouse knows it), model and optional server.
 */
public record WritebackConfig(String warehouse, String task, String model, OutcomeCode outcome, String modelCardBaseUrl,
                              List<String> splits, URI fhirServer, int batchSize, int maxAttempts, long retryBackoffMillis,
                              long requestTimeoutMillis) {

    public static WritebackConfig from(Config config, String warehouse, String task, String model, String fhirServer) {
        try {
            Config c = config.getConfig("writeback");
            TaskConfig taskConfig = TaskFiles.load(task, List.of());
            OutcomeCode outcome = taskConfig.outcome();
            if (outcome == null) {
                throw new InvalidConfigException("task '" + task + "' has no task.outcome: RiskAssessments carry one "
                        + "outcome probability, so write-back takes binary tasks only");
            }
            List<String> splits = c.getStringList("splits");
            for (String split : splits) {
                if (!List.of("train", "validation", "test").contains(split)) {
                    throw new InvalidConfigException("writeback.splits: unknown split '" + split + "'");
                }
            }
            int batchSize = c.getInt("batch-size");
            int maxAttempts = c.getInt("max-attempts");
            if (batchSize < 1 || maxAttempts < 1) {
                throw new InvalidConfigException("writeback.batch-size and writeback.max-attempts must be positive");
            }
            URI server = null;
            if (fhirServer != null) {
                server = URI.create(fhirServer.endsWith("/") ? fhirServer : fhirServer + "/");
                if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
                    throw new InvalidConfigException("--fhir-server must be an http(s) URL, got '" + fhirServer + "'");
                }
            }
            return new WritebackConfig(warehouse, taskConfig.name(), model, outcome, c.getString("model-card-base-url"),
                    splits, server, batchSize, maxAttempts, c.getDuration("retry-backoff").toMillis(),
                    c.getDuration("request-timeout").toMillis());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
