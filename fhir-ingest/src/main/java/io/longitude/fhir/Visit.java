package io.longitude.fhir;

import java.util.ArrayList;
import java.util.List;

/**
 * One encounter of a patient with its events in time order, as published in {@code visit_sequences}: the
 * encounter's {@link EncounterFacts} under a pseudonymous key. Published side of the privacy boundary: no source
 * identifier; the source record it is made from is {@link EncounterRecord}.
 */
public class Visit extends EncounterFacts {

    private static final long serialVersionUID = 1L;

    public static final String ENCOUNTER_KEY = "encounterKey";
    public static final String EVENTS = "events";

    /** Pseudonymised encounter reference. */
    private String encounterKey;
    private List<VisitEvent> events = new ArrayList<>();

    public Visit() {
    }

    /** The published visit of a source encounter, without events: its facts under {@code encounterKey}. */
    public static Visit publish(EncounterRecord source, String encounterKey) {
        Visit visit = new Visit();
        visit.copyFactsFrom(source);
        visit.setEncounterKey(encounterKey);
        return visit;
    }

    public String getEncounterKey() {
        return encounterKey;
    }

    public void setEncounterKey(String encounterKey) {
        this.encounterKey = encounterKey;
    }

    public List<VisitEvent> getEvents() {
        return events;
    }

    public void setEvents(List<VisitEvent> events) {
        this.events = events;
    }
}
