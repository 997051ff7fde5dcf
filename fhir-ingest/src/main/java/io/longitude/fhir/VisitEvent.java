package io.longitude.fhir;

/**
 * An event inside a visit sequence, as published in {@code visit_sequences} and {@code events}: the event's
 * {@link EventFacts} alone. Published side of the privacy boundary: no source identifier, no display; the source
 * record it is made from is {@link EventRecord}.
 */
public class VisitEvent extends EventFacts {

    private static final long serialVersionUID = 1L;

    public VisitEvent() {
    }

    /** The published event of a source event: its facts. */
    public static VisitEvent publish(EventRecord source) {
        VisitEvent event = new VisitEvent();
        event.copyFactsFrom(source);
        return event;
    }
}
