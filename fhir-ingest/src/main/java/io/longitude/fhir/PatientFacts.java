package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What linking and modelling need of a patient (no names, addresses, telecom), the same on both sides of the
 * privacy boundary: the source record ({@link PatientRecord}, with its FHIR ids, kept in {@code state}) and the
 * published visit sequence ({@link VisitSequence}, with a pseudonymous key) each carry these facts. A bean
 * superclass for the reason {@link EncounterFacts} gives.
 */
public abstract class PatientFacts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Column names of these facts where Spark code reads them (in {@code visit_sequences} and the flat tables). */
    public static final String BIRTH_DATE = "birthDate";
    public static final String GENDER = "gender";
    public static final String DECEASED = "deceased";
    public static final String DEATH_TIME = "deathTime";

    /** Partial dates become the first day of their year or month. */
    private LocalDate birthDate;
    /** Administrative gender code, or null. */
    private String gender;
    /** True when deceasedBoolean is true or a deceasedDateTime is present; null when neither is given. */
    private Boolean deceased;
    /** The deceasedDateTime, or null. */
    private Instant deathTime;

    /** Copies every fact of {@code source}. */
    public final void copyFactsFrom(PatientFacts source) {
        birthDate = source.birthDate;
        gender = source.gender;
        deceased = source.deceased;
        deathTime = source.deathTime;
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

    public Instant getDeathTime() {
        return deathTime;
    }

    public void setDeathTime(Instant deathTime) {
        this.deathTime = deathTime;
    }
}
