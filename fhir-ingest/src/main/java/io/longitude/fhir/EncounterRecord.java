package io.longitude.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Encounter as extracted from one resource: its {@link EncounterFacts} and what identifies it at the source
 * (FHIR id, the references that may name it, the patient reference, {@code lastUpdated}, displays). Source side of
 * the privacy boundary: kept in {@code state} to link and re-resolve resources across runs, never published;
 * {@link Visit#publish} makes the published visit of it.
 */
public class EncounterRecord extends EncounterFacts {

    private static final long serialVersionUID = 1L;

    /** {@code Encounter/<id>}. */
    private String sourceRef;
    /** Every string a reference to this encounter may take (see {@link References}). */
    private List<String> aliases = new ArrayList<>();
    /** The normalised patient reference. */
    private String subjectRef;
    /**
     * The display of each coding of the facts that has one (class, types, reasons, disposition), by
     * {@code system|code}. Terminology, but free text: never logged.
     */
    private Map<String, String> displays = new LinkedHashMap<>();
    private Instant lastUpdated;

    public EncounterRecord() {
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

    public String getSubjectRef() {
        return subjectRef;
    }

    public void setSubjectRef(String subjectRef) {
        this.subjectRef = subjectRef;
    }

    public Map<String, String> getDisplays() {
        return displays;
    }

    public void setDisplays(Map<String, String> displays) {
        this.displays = displays;
    }

    public Instant getLastUpdated() {
        return lastUpdated;
    }

    public void setLastUpdated(Instant lastUpdated) {
        this.lastUpdated = lastUpdated;
    }
}
