package io.longitude.cohort;

import io.longitude.cohort.aces.AcesExtractor;
import io.longitude.cohort.aces.AcesOutcome;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The index events of a task that are still open at an as-of instant T: what a deployed model scores tonight.
 * The patient must already be seen as of T ({@code io.longitude.scoring.AsOfView}); stays are merged with the
 * task's own rules over what is visible, and samples are built by the cohort's own code ({@link PatientCohort}),
 * with the scoring version's vocabulary.
 * <ul>
 * <li>mortality: a stay open at T whose start + offset ≤ T (the prediction time), adult at its start, the patient
 *     not known dead, started no more than {@code maxOpen} before T (an older open stay is stale data);</li>
 * <li>readmission: a stay discharged in (T − window, T] (prediction time: the discharge), adult at its start, not
 *     died in hospital as visible at T, the patient not known dead, and no readmission that decides the outcome
 *     since (any new stay; with {@code unplanned-only} an unplanned one);</li>
 * <li>next-visit-dx: an adult patient with an adult visit in (T − lookback, T); prediction time T, features from
 *     what happened before T.</li>
 * <li>aces: what {@link AcesExtractor#openOutcomes} keeps of the patient's timeline as known at T, with a
 *     visit before the prediction time; features strictly before it.</li>
 * </ul>
 */
public final class OpenEvents {

    static final List<String> MORTALITY_STEPS = List.of("all stays", "open at as-of", "prediction time reached",
            "adults", "not known dead", "not stale");
    static final List<String> READMISSION_STEPS = List.of("all stays", "closed stays", "discharged within the window",
            "adults", "no in-hospital death", "not known dead", "outcome still open");
    static final List<String> NEXT_VISIT_STEPS = List.of("all patients", "adult patients", "visit within lookback");

    private final VisitSequence patient;
    private final TaskConfig config;
    private final List<Visit> visits;
    private final List<Candidate> candidates;

    private OpenEvents(VisitSequence visible, TaskConfig config, Instant asOf, Duration maxOpen, Duration lookback) {
        this.patient = visible;
        this.config = config;
        this.visits = PatientCohort.usableVisits(visible, config);
        this.candidates = switch (config.kind()) {
            case MORTALITY -> mortality(asOf, maxOpen);
            case READMISSION -> readmission(asOf);
            case NEXT_VISIT_DX -> nextVisit(asOf, lookback);
            case ACES -> throw new IllegalStateException("an aces task's open events come from its extractor over "
                    + "the patient's MEDS timeline as of the instant: OpenEvents.ofAces");
        };
    }

    private OpenEvents(VisitSequence visible, TaskConfig config, List<AcesOutcome> outcomes) {
        this.patient = visible;
        this.config = config;
        this.visits = PatientCohort.usableVisits(visible, config);
        this.candidates = AcesCohortTask.open(config, outcomes).candidates(visible, visits, null);
    }

    /**
     * @param visible  the patient as known at {@code asOf}
     * @param maxOpen  mortality: an open stay started longer ago than this is stale
     * @param lookback next-visit-dx: how recent the patient's last visit must be
     */
    public static OpenEvents of(VisitSequence visible, TaskConfig config, Instant asOf, Duration maxOpen,
                                Duration lookback) {
        return new OpenEvents(visible, config, asOf, maxOpen, lookback);
    }

    /**
     * An {@code aces} task's open events: {@code outcomes} are its extractor's
     * {@link AcesExtractor#openOutcomes} over the patient's MEDS timeline as known at the as-of instant.
     */
    public static OpenEvents ofAces(VisitSequence visible, TaskConfig config, List<AcesOutcome> outcomes) {
        return new OpenEvents(visible, config, outcomes);
    }

    public static List<String> attritionSteps(TaskConfig config) {
        return switch (config.kind()) {
            case MORTALITY -> MORTALITY_STEPS;
            case READMISSION -> READMISSION_STEPS;
            case NEXT_VISIT_DX -> NEXT_VISIT_STEPS;
            case ACES -> AcesCohortTask.openSteps(config);
        };
    }

    /** How far each candidate went through {@link #attritionSteps}. */
    public List<CandidateOutcome> outcomes() {
        List<CandidateOutcome> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            CandidateOutcome outcome = new CandidateOutcome();
            outcome.setPatientKey(patient.getPatientKey());
            outcome.setReachedStep(c.reachedStep());
            out.add(outcome);
        }
        return out;
    }

    /** The open events as unlabelled samples (split {@code open}), codes mapped through the version's vocabularies. */
    public List<CohortSample> samples(Vocabulary vocabulary, Vocabulary targetVocabulary) {
        List<String> steps = attritionSteps(config);
        List<CohortSample> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.kept(steps)) {
                out.add(PatientCohort.sample(patient, visits, c, config, "open", vocabulary, targetVocabulary));
            }
        }
        return out;
    }

    private List<Candidate> mortality(Instant asOf, Duration maxOpen) {
        Duration offset = Duration.ofHours(config.offsetHours());
        boolean knownDead = patient.getDeathTime() != null;
        List<Candidate> out = new ArrayList<>();
        for (Stay stay : Stay.of(visits, config)) {
            Instant predictionTime = stay.start().plus(offset);
            int age = Ages.wholeYears(patient.getBirthDate(), stay.start());
            if (!stay.open()) {
                out.add(Candidate.dropped(0));
            } else if (predictionTime.isAfter(asOf)) {
                out.add(Candidate.dropped(1));
            } else if (age < config.adultAge()) {
                out.add(Candidate.dropped(2));
            } else if (knownDead) {
                out.add(Candidate.dropped(3));
            } else if (stay.start().isBefore(asOf.minus(maxOpen))) {
                out.add(Candidate.dropped(4));
            } else {
                out.add(new Candidate(5, stay.indexEncounter().getEncounterKey(), predictionTime, age, null,
                        FeatureWindow.before(predictionTime, stay.indexEncounter().getEncounterKey()), false, null));
            }
        }
        return out;
    }

    private List<Candidate> readmission(Instant asOf) {
        List<Stay> stays = Stay.of(visits, config);
        Instant windowStart = asOf.minus(Duration.ofDays(config.windowDays()));
        boolean knownDead = patient.getDeathTime() != null;
        List<Candidate> out = new ArrayList<>(stays.size());
        for (Stay stay : stays) {
            if (stay.open()) {
                out.add(Candidate.dropped(0));
                continue;
            }
            int age = Ages.wholeYears(patient.getBirthDate(), stay.start());
            if (!stay.end().isAfter(windowStart)) {
                out.add(Candidate.dropped(1));
            } else if (age < config.adultAge()) {
                out.add(Candidate.dropped(2));
            } else if (stay.diedInHospital(patient.getDeathTime(), asOf, config)) {
                out.add(Candidate.dropped(3));
            } else if (knownDead) {
                out.add(Candidate.dropped(4));
            } else if (readmittedSince(stay, stays)) {
                out.add(Candidate.dropped(5));
            } else {
                out.add(new Candidate(6, stay.indexEncounter().getEncounterKey(), stay.end(), age, null,
                        FeatureWindow.upToAndIncluding(stay.end()), false, null));
            }
        }
        return out;
    }

    /** A later visible stay decides the outcome: any, or with {@code unplanned-only} an unplanned one. */
    private boolean readmittedSince(Stay stay, List<Stay> stays) {
        for (Stay next : stays) {
            if (next.start().isAfter(stay.end()) && !(config.unplannedOnly() && next.planned(config))) {
                return true;
            }
        }
        return false;
    }

    private List<Candidate> nextVisit(Instant asOf, Duration lookback) {
        List<Visit> adult = visits.stream()
                .filter(v -> v.getStart().isBefore(asOf)
                        && Ages.wholeYears(patient.getBirthDate(), v.getStart()) >= config.adultAge())
                .toList();
        if (adult.isEmpty()) {
            return List.of(Candidate.dropped(0));
        }
        Visit last = adult.get(adult.size() - 1);
        if (!last.getStart().isAfter(asOf.minus(lookback))) {
            return List.of(Candidate.dropped(1));
        }
        return List.of(new Candidate(2, last.getEncounterKey(), asOf, Ages.wholeYears(patient.getBirthDate(), asOf),
                null, FeatureWindow.between(adult.get(0).getStart(), asOf), true, null));
    }
}
