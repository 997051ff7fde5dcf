package io.longitude.scoring;

import io.longitude.cohort.OpenEvents;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskKind;
import io.longitude.cohort.aces.AcesExtractor;
import io.longitude.fhir.VisitSequence;
import io.longitude.meds.MedsSubjects;
import io.longitude.meds.MedsTimeline;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A task's open events of one patient as of an instant: the patient seen as of T ({@link AsOfView}), then the
 * cohort's own rules ({@link OpenEvents}); an {@code aces} task's through its extractor over the MEDS timeline of
 * that view, the same timeline the cohort job extracts from.
 */
public final class OpenEventsAsOf implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TaskConfig task;
    private final Instant asOf;
    private final Duration maxOpen;
    private final Duration lookback;
    private final MedsSubjects subjects;
    private final AcesExtractor extractor;

    /**
     * @param maxOpen  an open event triggered (a stay started) longer ago than this is stale
     * @param lookback next-visit-dx: how recent the patient's last visit must be
     */
    public OpenEventsAsOf(TaskConfig task, Instant asOf, Duration maxOpen, Duration lookback) {
        this.task = task;
        this.asOf = asOf;
        this.maxOpen = maxOpen;
        this.lookback = lookback;
        boolean aces = task.kind() == TaskKind.ACES;
        this.subjects = aces ? MedsSubjects.splitBy(List.of(task)) : null;
        this.extractor = aces ? new AcesExtractor(task.acesTask()) : null;
    }

    public OpenEvents of(VisitSequence patient) {
        VisitSequence visible = AsOfView.of(patient, asOf);
        if (extractor == null) {
            return OpenEvents.of(visible, task, asOf, maxOpen, lookback);
        }
        return OpenEvents.ofAces(visible, task, extractor.openOutcomes(visible.getPatientKey(),
                MedsTimeline.acesEvents(visible, subjects), LocalDateTime.ofInstant(asOf, ZoneOffset.UTC), maxOpen));
    }
}
