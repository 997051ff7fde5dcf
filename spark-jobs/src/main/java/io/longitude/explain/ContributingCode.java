package io.longitude.explain;

import io.longitude.models.explain.CodeAttribution;
import io.longitude.models.explain.SampleAttribution;
import io.longitude.models.data.VisitSequenceExample;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the codes that pushed a prediction up most (integrated gradients, {@link SampleAttribution}): its
 * vocabulary token, its description from the warehouse's {@code codes} table (null when it has none), its
 * attribution (change in the network's output probability, before recalibration) and the visit it came from,
 * counted back from the index visit (0 = the index visit) and in days from that visit's start to the index
 * visit's start (null when the model has no gap feature).
 */
public record ContributingCode(String token, String description, double attribution, int visitsBefore,
                               Double daysBefore) implements Serializable {

    /** The numeric feature that holds log1p of the days since the previous visit ({@code VisitTokeniser}). */
    public static final String GAP_FEATURE = "log1p_days_since_previous_visit";

    /**
     * The at most {@code n} occurrences with the largest positive attributions, largest first.
     *
     * @param tokens       the version's vocabulary, in id order
     * @param descriptions token → description, for the tokens that have one
     * @param gapFeature   index of {@link #GAP_FEATURE} among the numeric features, or -1
     */
    public static List<ContributingCode> top(SampleAttribution attribution, VisitSequenceExample example,
                                             List<String> tokens, Map<String, String> descriptions, int gapFeature,
                                             int n) {
        List<ContributingCode> out = new ArrayList<>();
        for (CodeAttribution c : attribution.top(n)) {
            if (c.attribution() <= 0) {
                break;
            }
            Double days = null;
            if (gapFeature >= 0) {
                double sum = 0;
                for (int visit = c.visit() + 1; visit < example.length(); visit++) {
                    sum += Math.expm1(example.numeric(visit)[gapFeature]);
                }
                days = sum;
            }
            String token = tokens.get(c.code());
            out.add(new ContributingCode(token, descriptions.get(token), c.attribution(),
                    example.length() - 1 - c.visit(), days));
        }
        return out;
    }

    /**
     * A sentence for a reader: {@code Top contributing codes: Potassium (q5/5, visit 2 days before), Sepsis (index
     * visit)}; a code without a description is named by its coding. Null when there is none.
     */
    public static String rationale(List<ContributingCode> codes) {
        if (codes == null || codes.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (ContributingCode c : codes) {
            TokenCoding coding = TokenCoding.of(c.token());
            String name = c.description() != null ? c.description() : coding.coding();
            String qualifier = coding.readableQualifier();
            parts.add(name + " (" + (qualifier.isEmpty() ? "" : qualifier + ", ") + c.when() + ")");
        }
        return "Top contributing codes: " + String.join(", ", parts);
    }

    /** {@code index visit}, {@code visit 2 days before} or, without a gap, {@code 3 visits before}. */
    public String when() {
        if (visitsBefore == 0) {
            return "index visit";
        }
        if (daysBefore == null) {
            return visitsBefore == 1 ? "1 visit before" : visitsBefore + " visits before";
        }
        long days = Math.round(daysBefore);
        return days == 0 ? "visit the same day" : "visit " + days + (days == 1 ? " day" : " days") + " before";
    }
}
