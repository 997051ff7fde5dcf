package io.longitude.writeback;

import io.longitude.cohort.OutcomeCode;
import io.longitude.explain.ContributingCode;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a scored event into an R4 RiskAssessment: status final, occurrence = prediction time, method = model and
 * version, basis = the encounter, and for a binary task one prediction (the task's outcome concept, the
 * calibrated probability, the risk band and, when the scoring explained it, a {@code rationale} naming the codes
 * that pushed it up most, with their visits); for next-visit-dx one prediction per ranked condition code. The
 * rationale names codes and descriptions only; the source resources behind them are not in the scores, so
 * {@code basis} holds the encounter alone.
 *
 * <p>A business identifier, derived from what makes a prediction the same prediction (task, model, version,
 * encounter — the patient when there is none — and prediction time), lets a rerun update instead of
 * duplicating: the server is written with a conditional update on it ({@link #conditionalUrl}). The warehouse's
 * copy ({@link #forWarehouse}) names patient and encounter by their pseudonymous keys and takes the identifier
 * value as its id; only the copy sent to the server ({@link #forServer}) carries the source references, and no
 * id, which the server assigns.
 */
public final class RiskAssessmentBuilder implements Serializable {

    public static final String MODEL_SYSTEM = "urn:longitude:model";
    /** Identifier systems of the pseudonymous keys in the warehouse's RiskAssessments. */
    public static final String PATIENT_KEY_SYSTEM = "urn:longitude:patient-key";
    public static final String ENCOUNTER_KEY_SYSTEM = "urn:longitude:encounter-key";

    private static final int PROBABILITY_DECIMALS = 6;

    private final String identifierSystem;
    private final OutcomeCode outcome;
    private final WritebackSource source;

    /** @param outcome the binary task's outcome concept; null for next-visit-dx */
    public RiskAssessmentBuilder(String identifierSystem, OutcomeCode outcome, WritebackSource source) {
        this.identifierSystem = identifierSystem;
        this.outcome = outcome;
        this.source = source;
    }

    /** The warehouse's copy: patient and encounter by pseudonymous keys ({@code Reference.identifier}). */
    public RiskAssessment forWarehouse(ScoredEvent event) {
        RiskAssessment risk = build(event, keyReference(PATIENT_KEY_SYSTEM, event.patientKey()),
                keyReference(ENCOUNTER_KEY_SYSTEM, event.encounterKey()));
        risk.setId(identifierValue(event));
        return risk;
    }

    /**
     * What the FHIR server receives: {@code Patient/…} and {@code Encounter/…} of the source.
     *
     * @param encounterRef null when the event has no encounter
     */
    public RiskAssessment forServer(ScoredEvent event, String patientRef, String encounterRef) {
        return build(event, new Reference(patientRef), encounterRef == null ? null : new Reference(encounterRef));
    }

    /** {@code RiskAssessment?identifier=system|value}: the URL of the conditional update that writes the event. */
    public String conditionalUrl(ScoredEvent event) {
        return "RiskAssessment?identifier="
                + URLEncoder.encode(identifierSystem + "|" + identifierValue(event), StandardCharsets.UTF_8);
    }

    /** The business identifier's value (40 hex digits): the same prediction always gets the same one. */
    public String identifierValue(ScoredEvent event) {
        String subject = event.encounterKey() != null ? "encounter:" + event.encounterKey()
                : "patient:" + event.patientKey();
        String key = String.join("\n", source.label(), event.task(), event.model(), event.modelVersion(), subject,
                event.predictionTime().toString());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private RiskAssessment build(ScoredEvent event, Reference subject, Reference encounter) {
        RiskAssessment risk = new RiskAssessment();
        risk.addIdentifier(new Identifier().setSystem(identifierSystem).setValue(identifierValue(event)));
        risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        risk.setSubject(subject);
        if (encounter != null) {
            risk.setEncounter(encounter);
            risk.addBasis(encounter.copy());
        }
        risk.setOccurrence(new DateTimeType(event.predictionTime().truncatedTo(ChronoUnit.SECONDS).toString()));
        String version = event.model() + " " + event.modelVersion();
        risk.setMethod(new CodeableConcept(new Coding(MODEL_SYSTEM, event.model() + "/" + event.modelVersion(),
                "Longitude " + version)).setText("Longitude " + version + " (" + event.task() + ")"));
        if (outcome != null) {
            addBinaryPrediction(risk, event);
        } else {
            addNextVisitPredictions(risk, event);
        }
        return risk;
    }

    private void addBinaryPrediction(RiskAssessment risk, ScoredEvent event) {
        if (event.probability() == null) {
            throw new IllegalArgumentException("scored event " + event.sampleId() + " of a binary task has no probability");
        }
        RiskAssessment.RiskAssessmentPredictionComponent prediction = risk.addPrediction()
                .setOutcome(new CodeableConcept(new Coding(outcome.system(), outcome.code(), outcome.display()))
                        .setText(outcome.display()))
                .setProbability(probability(event.probability()));
        if (event.riskBand() != null) {
            prediction.setQualitativeRisk(RiskProbability.of(event.riskBand()).concept());
        }
        String rationale = ContributingCode.rationale(event.topCodes());
        if (rationale != null) {
            prediction.setRationale(rationale);
        }
    }

    private static void addNextVisitPredictions(RiskAssessment risk, ScoredEvent event) {
        List<String> codes = event.predictedCodes();
        List<Double> probabilities = event.predictedProbabilities();
        if (codes == null || probabilities == null || codes.size() != probabilities.size()) {
            throw new IllegalArgumentException("scored event " + event.sampleId()
                    + " of next-visit-dx needs as many predicted probabilities as predicted codes");
        }
        for (int i = 0; i < codes.size(); i++) {
            risk.addPrediction().setOutcome(new CodeableConcept(coding(codes.get(i))))
                    .setProbability(probability(probabilities.get(i)));
        }
    }

    /** A {@code system|code} token as the cohort's vocabulary writes it (an empty system: no system). */
    private static Coding coding(String token) {
        int bar = token.indexOf('|');
        if (bar < 0) {
            return new Coding().setCode(token);
        }
        Coding coding = new Coding().setCode(token.substring(bar + 1));
        return bar == 0 ? coding : coding.setSystem(token.substring(0, bar));
    }

    private static DecimalType probability(Double p) {
        if (p == null || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must lie in [0, 1], got " + p);
        }
        return new DecimalType(BigDecimal.valueOf(p).setScale(PROBABILITY_DECIMALS, RoundingMode.HALF_UP));
    }

    private static Reference keyReference(String system, String key) {
        return key == null ? null : new Reference().setIdentifier(new Identifier().setSystem(system).setValue(key));
    }
}
