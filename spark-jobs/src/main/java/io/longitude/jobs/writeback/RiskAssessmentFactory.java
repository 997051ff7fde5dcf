package io.longitude.jobs.writeback;

import io.longitude.cohort.OutcomeCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.Date;
import java.util.HexFormat;
import java.util.TimeZone;

/**
 * Turns one scored sample into an R4 RiskAssessment. Its id is derived from task, model, version and
 * sample id, so writing the same predictions twice (a retried batch, a rerun) updates rather than
 * duplicates: the server is written with PUT. Subject and encounter are either the source references
 * (what the FHIR server receives) or logical references to the pseudonymous keys ({@link #keyReference},
 * what the warehouse's NDJSON holds).
 */
public final class RiskAssessmentFactory implements Serializable {

    public static final String MODEL_SYSTEM = "urn:longitude:model";
    /** Identifier systems of the pseudonymous keys in the warehouse's RiskAssessments. */
    public static final String PATIENT_KEY_SYSTEM = "urn:longitude:patient-key";
    public static final String ENCOUNTER_KEY_SYSTEM = "urn:longitude:encounter-key";

    private final String task;
    private final OutcomeCode outcome;
    private final String modelCardBaseUrl;

    public RiskAssessmentFactory(String task, OutcomeCode outcome, String modelCardBaseUrl) {
        this.task = task;
        this.outcome = outcome;
        this.modelCardBaseUrl = modelCardBaseUrl;
    }

    /** A logical reference ({@code Reference.identifier}) to a pseudonymous key; null for a null key. */
    public static Reference keyReference(String system, String key) {
        return key == null ? null : new Reference().setIdentifier(new Identifier().setSystem(system).setValue(key));
    }

    /** A literal reference such as {@code Patient/123}; null for a null reference. */
    public static Reference sourceReference(String sourceRef) {
        return sourceRef == null ? null : new Reference(sourceRef);
    }

    /** @param encounter null when the sample has no encounter */
    public RiskAssessment create(String sampleId, Reference subject, Reference encounter, Timestamp indexTime,
                                 String model, String modelVersion, double probability) {
        RiskAssessment risk = new RiskAssessment();
        risk.setId(resourceId(model, modelVersion, sampleId));
        risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        risk.setSubject(subject);
        if (encounter != null) {
            risk.setEncounter(encounter);
        }
        DateTimeType occurrence = new DateTimeType(Date.from(indexTime.toInstant()));
        occurrence.setTimeZone(TimeZone.getTimeZone("UTC"));
        risk.setOccurrence(occurrence);
        risk.setMethod(new CodeableConcept(new Coding(MODEL_SYSTEM, model + "/" + modelVersion, null))
                .setText("Longitude " + model + " " + modelVersion + " (" + task + ")"));
        risk.addPrediction()
                .setOutcome(new CodeableConcept(new Coding(outcome.system(), outcome.code(), outcome.display()))
                        .setText(outcome.display()))
                .setProbability(new DecimalType(BigDecimal.valueOf(probability).setScale(6, RoundingMode.HALF_UP)));
        risk.addBasis(new Reference(modelCardUrl(model, modelVersion)).setDisplay("Model card"));
        return risk;
    }

    public String modelCardUrl(String model, String modelVersion) {
        return modelCardBaseUrl + "/" + task + "/" + model + "/" + modelVersion;
    }

    String resourceId(String model, String modelVersion, String sampleId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (task + '\n' + model + '\n' + modelVersion + '\n' + sampleId).getBytes(StandardCharsets.UTF_8));
            return "lg-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
