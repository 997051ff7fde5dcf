package io.longitude.writeback;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * The FHIR server's bearer token. Read from the environment only ({@value #ENVIRONMENT_VARIABLE}), never from
 * the command line, a configuration file or a log: {@link #toString} does not show it.
 */
public final class BearerToken implements Serializable {

    public static final String ENVIRONMENT_VARIABLE = "LONGITUDE_FHIR_TOKEN";

    private final String value;

    public BearerToken(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        this.value = value.strip();
    }

    /** The token in {@code environment} (pass {@code System.getenv()}); empty when unset or blank. */
    public static Optional<BearerToken> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new BearerToken(value));
    }

    /** The secret itself: for the Authorization header only. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "BearerToken[from " + ENVIRONMENT_VARIABLE + "]";
    }
}
