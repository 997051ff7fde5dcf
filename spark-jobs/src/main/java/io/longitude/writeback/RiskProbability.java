package io.longitude.writeback;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

import java.util.Arrays;

/** The risk bands of RiskAssessment.prediction.qualitativeRisk: HL7's risk-probability code system. */
public enum RiskProbability {
    NEGLIGIBLE("negligible", "Negligible likelihood"),
    LOW("low", "Low likelihood"),
    MODERATE("moderate", "Moderate likelihood"),
    HIGH("high", "High likelihood"),
    CERTAIN("certain", "Certain");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/risk-probability";

    private final String code;
    private final String display;

    RiskProbability(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public CodeableConcept concept() {
        return new CodeableConcept(new Coding(SYSTEM, code, display));
    }

    public static RiskProbability of(String code) {
        return Arrays.stream(values()).filter(band -> band.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + code + "' is not a code of " + SYSTEM));
    }
}
