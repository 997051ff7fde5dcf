package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A Patient as extracted from one resource: only what linking and modelling need (no names, addresses, telecom). */
public class PatientRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code Patient/<id>}. */
    private String sourceRef;
    /** Every string a reference to this patient may take (see {@link References}). */
    private List<String> aliases = new ArrayList<>();
    /** Partial dates become the first day of their year or month. */
    private LocalDate birthDate;
    /** Administrative gender code, or null. */
    private String gender;
    /** True when deceasedBoolean is true or a deceasedDateTime is present; null when neither is given. */
    private Boolean deceased;
    private Instant deceasedTime;
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

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public void setBirthDate(LocalDate birthDate) {
        this.birthDate = birthDate;
    }

    public String getGender() {
        return gender;
    }

    public void setGender(String gender) {
        this.gender = gender;
    }

    public Boolean getDeceased() {
        return deceased;
    }

    public void setDeceased(Boolean deceased) {
        this.deceased = deceased;
    }

    public Instant getDeceasedTime() {
        return deceasedTime;
    }

    public void setDeceasedTime(Instant deceasedTime) {
        this.deceasedTime = deceasedTime;
    }

    public Instant getLastUpdated() {
        return lastUpdated;
    }

    public void setLastUpdated(Instant lastUpdated) {
        this.lastUpdated = lastUpdated;
    }
}
