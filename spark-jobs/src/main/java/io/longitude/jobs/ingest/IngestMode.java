package io.longitude.jobs.ingest;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.config.InvalidConfigException;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code ingest.mode}: where the pseudonymisation key may come from. The key is only ever read from the
 * environment variable {@value Pseudonymiser#KEY_ENVIRONMENT_VARIABLE}, never from a config file or the command
 * line. In development mode a missing key falls back to the public development key (with a warning); in
 * production mode a missing, short or development key stops the command before any Spark work.
 */
public enum IngestMode {
    DEVELOPMENT,
    PRODUCTION;

    /** Production keys need at least this many bytes (UTF-8): RFC 2104 advises keys no shorter than the hash output. */
    public static final int PRODUCTION_MIN_KEY_BYTES = 32;

    public static IngestMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("ingest.mode must be development or production, got '" + value + "'");
        }
    }

    /** The pseudonymiser this mode allows, with the key read through {@code environment}. */
    public Pseudonymiser pseudonymiser(UnaryOperator<String> environment) {
        if (this == DEVELOPMENT) {
            return Pseudonymiser.fromEnvironment(environment);
        }
        String value = environment.apply(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException("ingest.mode = production needs the pseudonymisation key in the environment "
                    + "variable " + Pseudonymiser.KEY_ENVIRONMENT_VARIABLE + " (at least " + PRODUCTION_MIN_KEY_BYTES
                    + " bytes; it is never read from a config file or the command line)");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < PRODUCTION_MIN_KEY_BYTES) {
            throw new InvalidConfigException(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE + " has " + bytes
                    + " bytes; ingest.mode = production needs at least " + PRODUCTION_MIN_KEY_BYTES
                    + " (e.g. openssl rand -base64 48)");
        }
        Pseudonymiser pseudonymiser = Pseudonymiser.fromEnvironment(environment);
        if (pseudonymiser.isDevelopmentKey()) {
            throw new InvalidConfigException(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE
                    + " holds the public development key, which ingest.mode = production refuses");
        }
        return pseudonymiser;
    }
}
