package io.longitude.writeback;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how write-back sends RiskAssessments: the server's base URL, its bearer token (null: send none),
 * resources per transaction, attempts per transaction (429, 5xx and network errors are retried), the back-off
 * between attempts, and the connect and read timeout of one request.
 */
public record FhirServerSettings(URI base, BearerToken token, int batchSize, int maxAttempts, RetryBackoff backoff,
                                 Duration requestTimeout) implements Serializable {

    public FhirServerSettings {
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("batch size and attempts must be positive");
        }
    }
}
