package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns the visits a {@link FeatureWindow} admits into per-visit tokens ({@code system|code}: encounter
 * type and reason codes, the code of every event kind and, through {@link ValueBins}, its value) and numeric
 * features.
 */
public final class VisitTokeniser {

    /**
     * Names of the numeric features every visit has, first in each visit's {@code numeric} array; the value bins'
     * last values follow ({@link #numericFeatures}).
     */
    public static final List<String> NUMERIC_FEATURES = List.of("log1p_days_since_previous_visit", "age_years",
            "class_inpatient", "class_emergency", "class_ambulatory");

    private static final double SECONDS_PER_DAY = 86_400.0;

    private VisitTokeniser() {
    }

    /** Names of the numeric features of a cohort made with {@code bins}, in the order of each visit's array. */
    public static List<String> numericFeatures(ValueBins bins) {
        List<String> names = new ArrayList<>(NUMERIC_FEATURES);
        names.addAll(bins.lastValueFeatures());
        return List.copyOf(names);
    }

    /** One visit of a sample: its distinct tokens in sorted order and its numeric features. */
    record TokenisedVisit(Visit visit, List<String> tokens, float[] numeric) {
    }

    /**
     * The admitted visits in start order; {@code maxVisits} keeps the most recent ones (0: all). The
     * time since the previous visit is measured against the previous admitted visit, also when that one
     * is cut by the cap.
     */
    static List<TokenisedVisit> of(VisitSequence patient, List<Visit> visits, FeatureWindow window, TaskConfig config,
                                   int maxVisits, ValueBins bins) {
        List<TokenisedVisit> out = new ArrayList<>();
        Instant previous = null;
        for (Visit visit : visits) {
            if (!window.admitsVisit(visit)) {
                continue;
            }
            TreeSet<String> tokens = new TreeSet<>();
            tokens.addAll(visit.getTypeCodes());
            tokens.addAll(visit.getReasonCodes());
            List<VisitEvent> admitted = new ArrayList<>();
            for (VisitEvent event : visit.getEvents()) {
                if (event.getCode() != null && window.admitsEvent(visit, event)) {
                    admitted.add(event);
                    String token = token(event);
                    tokens.add(token);
                    String value = bins.token(event, token);
                    if (value != null) {
                        tokens.add(value);
                    }
                }
            }
            double gapDays = previous == null ? 0.0
                    : Math.max(0, Duration.between(previous, visit.getStart()).getSeconds()) / SECONDS_PER_DAY;
            String classCode = visit.getClassCode();
            float[] base = {
                    (float) Math.log1p(gapDays),
                    Ages.years(patient.getBirthDate(), visit.getStart()),
                    config.isInpatientClass(classCode) ? 1f : 0f,
                    "EMER".equals(classCode) ? 1f : 0f,
                    "AMB".equals(classCode) ? 1f : 0f};
            float[] lastValues = bins.lastValues(admitted);
            float[] numeric = Arrays.copyOf(base, base.length + lastValues.length);
            System.arraycopy(lastValues, 0, numeric, base.length, lastValues.length);
            out.add(new TokenisedVisit(visit, List.copyOf(tokens), numeric));
            previous = visit.getStart();
        }
        if (maxVisits > 0 && out.size() > maxVisits) {
            return out.subList(out.size() - maxVisits, out.size());
        }
        return out;
    }

    /** Every numeric value of a coded event in the admitted visits, as value bins are fitted on them. */
    static List<ObservedValue> values(List<Visit> visits, FeatureWindow window) {
        List<ObservedValue> out = new ArrayList<>();
        for (Visit visit : visits) {
            if (!window.admitsVisit(visit)) {
                continue;
            }
            for (VisitEvent event : visit.getEvents()) {
                if (event.getCode() != null && event.getValue() != null && window.admitsEvent(visit, event)) {
                    out.add(new ObservedValue(token(event), event.getUnit(), event.getValue()));
                }
            }
        }
        return out;
    }

    static String token(VisitEvent event) {
        return (event.getCodeSystem() == null ? "" : event.getCodeSystem()) + "|" + event.getCode();
    }

    /** The distinct condition tokens recorded at a visit, sorted: next-visit-dx targets. */
    static List<String> conditionTokens(Visit visit) {
        TreeSet<String> tokens = new TreeSet<>();
        for (VisitEvent event : visit.getEvents()) {
            if ("condition".equals(event.getKind()) && event.getCode() != null) {
                tokens.add(token(event));
            }
        }
        return List.copyOf(tokens);
    }
}
