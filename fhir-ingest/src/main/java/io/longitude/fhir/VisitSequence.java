package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A patient's visits in time order, plus the events that belong to no visit. */
public class VisitSequence implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Version of this layout, stored in the data. */
    public static final int SCHEMA_VERSION = 1;

    /** Pseudonymised patient reference. */
    private String patientKey;
    private LocalDate birthDate;
    private String gender;
    private Boolean deceased;
    private Instant deathTime;
    private int schemaVersion;
    private List<Visit> visits = new ArrayList<>();
    private List<VisitEvent> eventsWithoutVisit = new ArrayList<>();
    /** Events attached through their encounter reference. */
    private int attachedByReference;
    /** Events attached because their time lies within an encounter. */
    private int attachedByTime;
    /** Events in {@code eventsWithoutVisit}. */
    private int unattached;

    public VisitSequence() {
    }

    public String getPatientKey() {
        return patientKey;
    }

    public void setPatientKey(String patientKey) {
        this.patientKey = patientKey;
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

    public int getSchemaVersion() {
        return schemaVersion;
    }

    public void setSchemaVersion(int schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    public List<Visit> getVisits() {
        return visits;
    }

    public void setVisits(List<Visit> visits) {
        this.visits = visits;
    }

    public List<VisitEvent> getEventsWithoutVisit() {
        return eventsWithoutVisit;
    }

    public void setEventsWithoutVisit(List<VisitEvent> eventsWithoutVisit) {
        this.eventsWithoutVisit = eventsWithoutVisit;
    }

    public int getAttachedByReference() {
        return attachedByReference;
    }

    public void setAttachedByReference(int attachedByReference) {
        this.attachedByReference = attachedByReference;
    }

    public int getAttachedByTime() {
        return attachedByTime;
    }

    public void setAttachedByTime(int attachedByTime) {
        this.attachedByTime = attachedByTime;
    }

    public int getUnattached() {
        return unattached;
    }

    public void setUnattached(int unattached) {
        this.unattached = unattached;
    }
}
