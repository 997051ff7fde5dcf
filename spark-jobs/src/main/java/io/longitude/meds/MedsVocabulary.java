package io.longitude.meds;

import io.longitude.fhir.EventKind;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The code systems a MEDS code names by a short prefix ({@code SNOMED//22298006}) instead of its FHIR URI.
 * The prefixes are OMOP CDM vocabulary ids where OMOP has the vocabulary, so that a code's parent in
 * {@code codes.parquet} can name the OMOP concept ({@code SNOMED/22298006}); a system not listed here keeps
 * its URI under {@link MedsCodes#OTHER}.
 */
public enum MedsVocabulary {

    /** SNOMED CT codes conditions, procedures, findings and allergies alike: read back as conditions. */
    SNOMED("SNOMED", "http://snomed.info/sct", true, EventKind.CONDITION),
    LOINC("LOINC", "http://loinc.org", true, EventKind.OBSERVATION),
    RXNORM("RxNorm", "http://www.nlm.nih.gov/research/umls/rxnorm", true, EventKind.MEDICATION_REQUEST),
    ICD10CM("ICD10CM", "http://hl7.org/fhir/sid/icd-10-cm", true, EventKind.CONDITION),
    ICD10("ICD10", "http://hl7.org/fhir/sid/icd-10", true, EventKind.CONDITION),
    ICD9CM("ICD9CM", "http://hl7.org/fhir/sid/icd-9-cm", true, EventKind.CONDITION),
    ICD10PCS("ICD10PCS", "http://www.cms.gov/Medicare/Coding/ICD10", true, EventKind.PROCEDURE),
    CPT4("CPT4", "http://www.ama-assn.org/go/cpt", true, EventKind.PROCEDURE),
    HCPCS("HCPCS", "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", true, EventKind.PROCEDURE),
    CVX("CVX", "http://hl7.org/fhir/sid/cvx", true, EventKind.IMMUNIZATION),
    NDC("NDC", "http://hl7.org/fhir/sid/ndc", true, EventKind.MEDICATION_REQUEST),
    UCUM("UCUM", "http://unitsofmeasure.org", true, EventKind.OBSERVATION),
    /** National Uniform Billing Committee patient discharge status (Synthea's discharge dispositions). */
    NUBC("NUBC", "http://www.nubc.org/patient-discharge", false, EventKind.OBSERVATION),
    /** HL7's discharge-disposition code system. */
    HL7_DISCHARGE("HL7_DISCHARGE_DISPOSITION", "http://terminology.hl7.org/CodeSystem/discharge-disposition", false,
            EventKind.OBSERVATION);

    private static final Map<String, MedsVocabulary> BY_SYSTEM = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MedsVocabulary::system, Function.identity()));
    private static final Map<String, MedsVocabulary> BY_PREFIX = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MedsVocabulary::prefix, Function.identity()));

    private final String prefix;
    private final String system;
    private final boolean omop;
    private final EventKind importedKind;

    MedsVocabulary(String prefix, String system, boolean omop, EventKind importedKind) {
        this.prefix = prefix;
        this.system = system;
        this.omop = omop;
        this.importedKind = importedKind;
    }

    public String prefix() {
        return prefix;
    }

    /** The FHIR code system URI. */
    public String system() {
        return system;
    }

    /** Whether {@link #prefix()} is also the OMOP vocabulary id of the system. */
    public boolean isOmopVocabulary() {
        return omop;
    }

    /**
     * The event kind a clinical code of this vocabulary is read back as by {@code ingest --input-format meds}:
     * MEDS codes do not say which FHIR resource an event came from.
     */
    public EventKind importedKind() {
        return importedKind;
    }

    public static Optional<MedsVocabulary> ofSystem(String system) {
        return Optional.ofNullable(system == null ? null : BY_SYSTEM.get(system));
    }

    public static Optional<MedsVocabulary> ofPrefix(String prefix) {
        return Optional.ofNullable(BY_PREFIX.get(prefix));
    }
}
