package io.longitude.meds;

/**
 * The one vocabulary of paths inside a MEDS dataset as Longitude writes it (the standard's "organization on
 * disk", plus where labels and meds-evaluation predictions go): {@code data/<split>/*.parquet},
 * {@code metadata/{codes.parquet, subject_splits.parquet, dataset.json}}, {@code labels/<task>/*.parquet},
 * {@code predictions/<task>/<model>/held_out/*.parquet}.
 */
public final class MedsLayout {

    private final String root;

    public MedsLayout(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public String data() {
        return root + "/data";
    }

    public String data(String split) {
        return data() + "/" + split;
    }

    public String metadata() {
        return root + "/metadata";
    }

    public String codes() {
        return metadata() + "/codes.parquet";
    }

    public String subjectSplits() {
        return metadata() + "/subject_splits.parquet";
    }

    public String datasetJson() {
        return metadata() + "/dataset.json";
    }

    public String labels(String task) {
        return root + "/labels/" + task;
    }

    /** A model's test-split predictions in meds-evaluation's schema. */
    public String predictions(String task, String model) {
        return root + "/predictions/" + task + "/" + model + "/" + MedsSchema.HELD_OUT;
    }

    /**
     * Where single-file tables are written before their one file is moved into place; it exists while an
     * export runs (readers skip names starting with an underscore).
     */
    public String scratch() {
        return root + "/_scratch";
    }
}
