package io.longitude.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Patient as extracted from one resource: its {@link PatientFacts} and what identifies it at the source (FHIR id,
 * the references that may name it, {@code lastUpdated}). Source side of the privacy boundary: kept in
 * {@code state}, never published; {@link VisitSequence#publish} makes the published patient of it.
 */
public class PatientRecord extends PatientFacts {

    private static final long serialVersionUID = 1L;

    /** {@code Patient/<id>}. */
    private String sourceRef;
    /** Every string a reference to this patient may take (see {@link References}). */
    private List<String> aliases = new ArrayList<>();
    /** {@code meta.lastUpdated}, or null. */
    private Instant lastUpdated;

    public PatientRecord() {
    }

    public String getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(String sourceRef) {
        this.sourceRef = sourceRef;
    }

    public List<String> getAliases() {
        return aliases;
    }

    public void setAliases(List<String> aliases) {
        this.aliases = aliases;
    }

    public Instant getLastUpdated() {
        return lastUpdated;
    }

    public void setLastUpdated(Instant lastUpdated) {
        this.lastUpdated = lastUpdated;
    }
}
