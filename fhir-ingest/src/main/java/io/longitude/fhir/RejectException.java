package io.longitude.fhir;

/** Control flow inside the reader: a resource cannot be accepted. Never escapes {@link FhirFileReader}. */
final class RejectException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    RejectException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
