package io.longitude.jobs.writeback;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.cohort.TaskConfig;
import io.longitude.config.InvalidConfigException;
import io.longitude.writeback.BearerToken;
import io.longitude.writeback.FhirServerSettings;
import io.longitude.writeback.RetryBackoff;
import io.longitude.writeback.WritebackSource;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * The validated {@code writeback { }} block plus the command's task, model, source and optional server.
 *
 * @param asOf   which scoring to write back; null: the newest (scores only)
 * @param server null: NDJSON in the warehouse only
 */
public record WritebackConfig(String warehouse, TaskConfig task, String model, WritebackSource source, Instant asOf,
                              String identifierSystem, FhirServerSettings server) {

    /**
     * @param fhirServer  {@code --fhir-server}, or null for {@code writeback.fhir-server}; blank: none
     * @param environment where the bearer token is read from ({@link BearerToken#ENVIRONMENT_VARIABLE})
     */
    public static WritebackConfig from(Config config, String warehouse, TaskConfig task, String model,
                                       WritebackSource source, Instant asOf, String fhirServer,
                                       Map<String, String> environment) {
        if (source == WritebackSource.COHORT_AUDIT && !task.kind().binary()) {
            throw new InvalidConfigException("--cohort-audit writes labelled samples of binary tasks; " + task.name()
                    + " is " + task.kind().label());
        }
        if (source == WritebackSource.COHORT_AUDIT && asOf != null) {
            throw new InvalidConfigException("--as-of chooses a scoring; --cohort-audit writes evaluate's test split");
        }
        try {
            Config c = config.getConfig("writeback");
            String identifierSystem = c.getString("identifier-system");
            if (!identifierSystem.matches("(urn:|https?://)[^|\\s]+")) {
                throw new InvalidConfigException("writeback.identifier-system must be an absolute URI (urn:… or http(s)://…) "
                        + "without '|' or spaces, got '" + identifierSystem + "'");
            }
            String url = fhirServer != null ? fhirServer : c.getString("fhir-server");
            FhirServerSettings server = url.isBlank() ? null : new FhirServerSettings(serverBase(url),
                    BearerToken.fromEnvironment(environment).orElse(null), positive(c, "batch-size"),
                    positive(c, "max-attempts"),
                    new RetryBackoff(c.getDuration("retry-backoff"), c.getDuration("max-retry-wait")),
                    c.getDuration("request-timeout"));
            return new WritebackConfig(warehouse, task, model, source, asOf, identifierSystem, server);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private static URI serverBase(String url) {
        URI base = URI.create(url.endsWith("/") ? url : url + "/");
        if (base.getUserInfo() != null) {
            throw new InvalidConfigException("the FHIR server URL must not carry credentials: put a bearer token in "
                    + BearerToken.ENVIRONMENT_VARIABLE);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new InvalidConfigException("the FHIR server (--fhir-server or writeback.fhir-server) must be an "
                    + "http(s) URL, got '" + url + "'");
        }
        return base;
    }

    private static int positive(Config c, String key) {
        int value = c.getInt(key);
        if (value < 1) {
            throw new InvalidConfigException("writeback." + key + " must be positive, got " + value);
        }
        return value;
    }
}
