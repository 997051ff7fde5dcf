package io.longitude.models.explain;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/**
 * Integrated-gradients attributions of one example: its output probability {@code score}, the output on the
 * baseline (every code input 0, numeric features kept) and one {@link CodeAttribution} per present code
 * occurrence. By completeness their sum is close to {@code score - baselineScore}.
 */
public record SampleAttribution(String id, double score, double baselineScore, List<CodeAttribution> codes)
        implements Serializable {

    public SampleAttribution {
        codes = List.copyOf(codes);
    }

    public double attributionSum() {
        return codes.stream().mapToDouble(CodeAttribution::attribution).sum();
    }

    /** The {@code n} occurrences that pushed the output up most, largest first (ties: latest visit, lowest id). */
    public List<CodeAttribution> top(int n) {
        return codes.stream()
                .sorted(Comparator.comparingDouble(CodeAttribution::attribution).reversed()
                        .thenComparing(Comparator.comparingInt(CodeAttribution::visit).reversed())
                        .thenComparingInt(CodeAttribution::code))
                .limit(n)
                .toList();
    }
}
