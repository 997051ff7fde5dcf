package io.longitude.jobs.meds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.jobs.SummaryFigures;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an export wrote, in counts: subjects per split, rows and distinct codes per code family, labels per
 * task, predictions per task and model folder.
 */
public final class MedsExportSummary {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Long> subjects = new TreeMap<>();
    private final Map<String, long[]> families = new TreeMap<>();
    private final Map<String, long[]> labels = new TreeMap<>();
    private final Map<String, Map<String, Long>> predictions = new TreeMap<>();
    private long describedCodes;
    private String out;
    private long elapsedMillis;

    void subjects(String split, long count) {
        subjects.put(split, count);
    }

    void family(String family, long rows, long codes) {
        families.put(family, new long[] {rows, codes});
    }

    void describedCodes(long codes) {
        this.describedCodes = codes;
    }

    void labels(String task, long samples, long positives) {
        labels.put(task, new long[] {samples, positives});
    }

    void predictions(String task, String folder, long rows) {
        predictions.computeIfAbsent(task, t -> new TreeMap<>()).put(folder, rows);
    }

    void finish(String out, long elapsedMillis) {
        this.out = out;
        this.elapsedMillis = elapsedMillis;
    }

    public long subjects() {
        return subjects.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rows() {
        return families.values().stream().mapToLong(f -> f[0]).sum();
    }

    public long codes() {
        return families.values().stream().mapToLong(f -> f[1]).sum();
    }

    /** Codes of codes.parquet with a description. */
    public long describedCodes() {
        return describedCodes;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    public String toJson() {
        ObjectNode root = NODES.objectNode();
        root.put("out", out);
        root.put("subjects", subjects());
        ObjectNode splits = root.putObject("subjectsBySplit");
        subjects.forEach(splits::put);
        root.put("rows", rows());
        root.put("codes", codes());
        root.put("describedCodes", describedCodes);
        ObjectNode byFamily = root.putObject("families");
        families.forEach((family, counts) -> {
            ObjectNode node = byFamily.putObject(family);
            node.put("rows", counts[0]);
            node.put("codes", counts[1]);
        });
        ObjectNode labelNode = root.putObject("labels");
        labels.forEach((task, counts) -> {
            ObjectNode node = labelNode.putObject(task);
            node.put("samples", counts[0]);
            node.put("positives", counts[1]);
        });
        ObjectNode predictionNode = root.putObject("predictions");
        predictions.forEach((task, folders) -> {
            ObjectNode node = predictionNode.putObject(task);
            folders.forEach(node::put);
        });
        root.put("elapsedMillis", elapsedMillis);
        return SummaryFigures.json(root);
    }

    public String toReadableText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("MEDS dataset: %s%n", out));
        text.append(String.format("  subjects %,d (%s), rows %,d, codes %,d (%,d described), %.1f s%n", subjects(),
                subjects, rows(), codes(), describedCodes, elapsedMillis / 1000.0));
        labels.forEach((task, counts) -> text.append(String.format("  labels/%s: %,d samples, %,d positive%n", task,
                counts[0], counts[1])));
        predictions.forEach((task, folders) -> folders.forEach((folder, rows) -> text.append(String.format(
                "  predictions/%s/%s/held_out: %,d%n", task, folder, rows))));
        return text.toString();
    }
}
