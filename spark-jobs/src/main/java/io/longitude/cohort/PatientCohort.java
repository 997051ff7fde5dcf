package io.longitude.cohort;

import io.longitude.cohort.aces.AcesOutcome;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One patient's part of a cohort: candidates with their attrition outcome and split, the tokens the
 * patient contributes to the training vocabulary, and the encoded samples. Pure Java, no Spark.
 */
public final class PatientCohort {

    private final VisitSequence patient;
    private final List<Visit> visits;
    private final TaskConfig config;
    private final List<String> steps;
    private final List<Candidate> candidates;
    private final List<String> splits;

    private PatientCohort(VisitSequence patient, TaskConfig config, Instant dataEnd, CohortTask task) {
        this.patient = patient;
        this.config = config;
        this.visits = usableVisits(patient, config);
        this.steps = task.attritionSteps();
        this.candidates = task.candidates(patient, visits, dataEnd);
        SplitAssigner assigner = new SplitAssigner(config);
        this.splits = candidates.stream()
                .map(c -> c.kept(steps) ? assigner.split(patient.getPatientKey(), c.indexTime()) : null)
                .toList();
    }

    public static PatientCohort of(VisitSequence patient, TaskConfig config, Instant dataEnd) {
        return new PatientCohort(patient, config, dataEnd, CohortTask.of(config));
    }

    /** An {@code aces} task's part: {@code outcomes} are its extractor's over the patient's MEDS timeline. */
    public static PatientCohort ofAces(VisitSequence patient, TaskConfig config, Instant dataEnd,
                                       List<AcesOutcome> outcomes) {
        return new PatientCohort(patient, config, dataEnd, AcesCohortTask.labelled(config, outcomes));
    }

    /** The visits a task looks at: with a start and a status that is not excluded, in start order. */
    static List<Visit> usableVisits(VisitSequence patient, TaskConfig config) {
        return patient.getVisits().stream()
                .filter(v -> v.getStart() != null && !config.isExcludedStatus(v.getStatus()))
                .sorted(Stay.BY_START)
                .toList();
    }

    public static List<String> attritionSteps(TaskConfig config) {
        return config.kind() == TaskKind.ACES
                ? AcesCohortTask.labelledSteps(config)
                : CohortTask.of(config).attritionSteps();
    }

    public List<CandidateOutcome> outcomes() {
        List<CandidateOutcome> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            CandidateOutcome outcome = new CandidateOutcome();
            outcome.setPatientKey(patient.getPatientKey());
            outcome.setReachedStep(candidates.get(i).reachedStep());
            if (candidates.get(i).kept(steps)) {
                outcome.setSampleId(sampleId(config.name(), patient.getPatientKey(), candidates.get(i).indexKey()));
            }
            outcome.setSplit(splits.get(i));
            outcome.setLabel(candidates.get(i).label());
            outcome.setPlannedOnly(candidates.get(i).plannedOnly());
            out.add(outcome);
        }
        return out;
    }

    /**
     * One entry per (visit, distinct token) in the union of the patient's training samples' feature
     * windows, uncapped. Windows of one patient are nested in time, so that union is the window of the
     * latest training sample and nothing from validation or test samples enters.
     */
    public List<String> trainingTokens(ValueBins bins) {
        List<String> out = new ArrayList<>();
        latestTrainingSample().ifPresent(c -> VisitTokeniser.of(patient, visits, c.window(), config, 0, bins)
                .forEach(v -> out.addAll(v.tokens())));
        return out;
    }

    /**
     * Every numeric value in the latest training sample's feature window (which holds the other training windows,
     * as for {@link #trainingTokens}): value bins are fitted on these and on nothing from validation or test.
     */
    public List<ObservedValue> trainingValues() {
        return latestTrainingSample().map(c -> VisitTokeniser.values(visits, c.window())).orElse(List.of());
    }

    /** next-visit-dx: the condition tokens of every visit that is a target in a training sample. */
    public List<String> trainingTargetTokens() {
        List<String> out = new ArrayList<>();
        latestTrainingSample().filter(Candidate::withTargets).ifPresent(c -> {
            List<VisitTokeniser.TokenisedVisit> window = VisitTokeniser.of(patient, visits, c.window(), config, 0,
                    ValueBins.NONE);
            window.subList(1, window.size()).forEach(v -> out.addAll(VisitTokeniser.conditionTokens(v.visit())));
        });
        return out;
    }

    private Optional<Candidate> latestTrainingSample() {
        Candidate latest = null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (SplitAssigner.TRAIN.equals(splits.get(i))
                    && (latest == null || c.indexTime().isAfter(latest.indexTime()))) {
                latest = c;
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The samples, codes (and values, through the vocabulary's bins) mapped through the vocabulary and targets
     * through the target vocabulary (may be null).
     */
    public List<CohortSample> samples(Vocabulary vocabulary, Vocabulary targetVocabulary) {
        List<CohortSample> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (!c.kept(steps)) {
                continue;
            }
            out.add(sample(patient, visits, c, config, splits.get(i), vocabulary, targetVocabulary));
        }
        out.sort(Comparator.comparing(CohortSample::getIndexTime).thenComparing(CohortSample::getSampleId));
        return out;
    }

    /** One candidate's sample: its window's visits tokenised and mapped through the vocabularies. */
    static CohortSample sample(VisitSequence patient, List<Visit> visits, Candidate c, TaskConfig config, String split,
                               Vocabulary vocabulary, Vocabulary targetVocabulary) {
        List<VisitTokeniser.TokenisedVisit> window = VisitTokeniser.of(patient, visits, c.window(), config,
                config.maxVisits(), vocabulary.valueBins());
        List<SampleVisit> sampleVisits = new ArrayList<>(window.size());
        List<List<Integer>> targets = c.withTargets() ? new ArrayList<>(window.size()) : null;
        for (VisitTokeniser.TokenisedVisit v : window) {
            SampleVisit visit = new SampleVisit();
            visit.setCodes(ids(v.tokens(), vocabulary));
            List<Float> numeric = new ArrayList<>(v.numeric().length);
            for (float f : v.numeric()) {
                numeric.add(f);
            }
            visit.setNumeric(numeric);
            sampleVisits.add(visit);
            if (targets != null) {
                targets.add(ids(VisitTokeniser.conditionTokens(v.visit()), targetVocabulary));
            }
        }
        CohortSample sample = new CohortSample();
        sample.setSampleId(sampleId(config.name(), patient.getPatientKey(), c.indexKey()));
        sample.setPatientKey(patient.getPatientKey());
        sample.setSplit(split);
        sample.setIndexTime(c.indexTime());
        sample.setIndexEncounterKey(c.indexKey());
        sample.setLabel(c.label());
        sample.setTargets(targets);
        sample.setVisits(sampleVisits);
        sample.setSex(patient.getGender());
        sample.setAgeAtIndex(c.ageAtIndex());
        sample.setVisitCount(sampleVisits.size());
        return sample;
    }

    private static List<Integer> ids(List<String> tokens, Vocabulary vocabulary) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (String token : tokens) {
            int id = vocabulary.id(token);
            if (id >= 0) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    static String sampleId(String task, String patientKey, String indexKey) {
        byte[] hash = SplitAssigner.sha256(task + "|" + patientKey + "|" + indexKey);
        return HexFormat.of().formatHex(hash, 0, 16);
    }
}
