package io.longitude.writeback;

/**
 * The FHIR server did not accept a transaction: it refused it (4xx other than 429), or it still answered 429/5xx,
 * or could not be reached, after every attempt. The message carries HTTP status and issue codes only — never the
 * server's diagnostics, which may quote the resources.
 */
public class FhirServerException extends RuntimeException {

    public FhirServerException(String message) {
        super(message);
    }
}
