package io.longitude.fhir;

/**
 * Why a file, line or resource was rejected. The single list of reason codes: the ingest job adds the
 * cross-file ones (subject resolution, duplicates) using the same enum.
 */
public enum RejectReason {
    /** The file (or every NDJSON line of it) is empty or blank. */
    EMPTY_FILE,
    /** Not well-formed UTF-8 JSON: truncated, wrong encoding (UTF-16/32), binary, trailing content. */
    INVALID_JSON,
    /** Well-formed JSON that is not a FHIR resource: not an object, no or unknown {@code resourceType}. */
    NOT_FHIR,
    /** HAPI refused the resource, or could not represent one of its values (wrong JSON type, bad code or number). */
    PARSE_ERROR,
    /** The resource has no id and its bundle entry no fullUrl to take one from. */
    MISSING_ID,
    /** A clinical resource or encounter without a resolvable subject/patient reference. */
    MISSING_SUBJECT,
    /**
     * The subject reference names a type other than Patient (Group, Practitioner, Location, …): the record is
     * not about one patient, so it has no place on a patient timeline.
     */
    SUBJECT_NOT_PATIENT,
    /** An encounter without a period start, or a clinical resource without any usable time. */
    MISSING_DATE,
    /** A date or time that cannot be parsed. */
    BAD_DATE,
    /** A date before 1900, more than a day in the future, an end before its start, a birth after the death. */
    IMPOSSIBLE_DATE,
    /** Bundles nested deeper than the reader's limit, or JSON nested deeper than any FHIR resource needs. */
    NESTING_TOO_DEEP,
    /** An NDJSON line, a bundle entry or a single-resource file larger than the reader's limit. */
    TOO_LARGE,
    /** A file named {@code .gz} whose bytes are not gzip, or a truncated/corrupt gzip stream. */
    CORRUPT_GZIP,
    /** A file whose name is neither a bundle nor an NDJSON name (see {@link InputFormat#ofFileName}). */
    UNSUPPORTED_FILE,
    /** Ingest job: the subject reference matches no patient alias. */
    SUBJECT_NOT_FOUND,
    /** Ingest job: the subject reference matches the aliases of more than one patient. */
    AMBIGUOUS_SUBJECT,
    /** Ingest job: the same resource was read more than once with different content. */
    DUPLICATE_RESOURCE,
    /** A DELETE bundle entry whose {@code request.url} is not {@code Type/id} (conditional deletes are not supported). */
    INVALID_DELETE
}
