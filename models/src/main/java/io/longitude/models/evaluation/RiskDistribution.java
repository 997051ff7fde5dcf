package io.longitude.models.evaluation;

/** How many samples of each outcome fall in each equal-width bin of predicted risk over [0, 1] (the last closed). */
public record RiskDistribution(long[] negatives, long[] positives) {

    public static RiskDistribution of(double[] scores, int[] labels, int bins) {
        long[] negatives = new long[bins];
        long[] positives = new long[bins];
        for (int i = 0; i < scores.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(scores[i] * bins)));
            if (labels[i] == 1) {
                positives[b]++;
            } else {
                negatives[b]++;
            }
        }
        return new RiskDistribution(negatives, positives);
    }

    public int bins() {
        return negatives.length;
    }
}
