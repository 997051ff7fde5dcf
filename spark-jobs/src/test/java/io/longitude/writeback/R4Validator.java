package io.longitude.writeback;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import io.longitude.fhir.FhirContexts;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

import java.util.List;

/**
 * HAPI's FhirValidator against the R4 core structure definitions and terminology (hapi-fhir-validation-resources-r4):
 * cardinalities, types, invariants and required bindings. Built once (loading the definitions takes seconds).
 */
public final class R4Validator {

    private static final FhirValidator VALIDATOR = FhirContexts.r4().newValidator().registerValidatorModule(
            new FhirInstanceValidator(new ValidationSupportChain(
                    new DefaultProfileValidationSupport(FhirContexts.r4()),
                    new CommonCodeSystemsTerminologyService(FhirContexts.r4()),
                    new InMemoryTerminologyServerValidationSupport(FhirContexts.r4()),
                    new SnapshotGeneratingValidationSupport(FhirContexts.r4()))));

    private R4Validator() {
    }

    /**
     * Validates a RiskAssessment like the ones write-back sends, so that the structure definitions and code systems
     * it needs are loaded (tens of seconds on a busy machine) before a test server answers requests.
     */
    public static void load() {
        RiskAssessment sample = new RiskAssessment().setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
                .setSubject(new Reference("Patient/1")).setOccurrence(new DateTimeType("2026-01-01T00:00:00Z"));
        sample.addPrediction().setOutcome(new CodeableConcept(new Coding("http://snomed.info/sct", "419099009", null)))
                .setProbability(new DecimalType("0.5")).setQualitativeRisk(RiskProbability.LOW.concept());
        errors(sample);
    }

    /** The errors (and fatal errors) the validator finds, as "location: message"; empty when valid. */
    public static List<String> errors(IBaseResource resource) {
        return VALIDATOR.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }
}
