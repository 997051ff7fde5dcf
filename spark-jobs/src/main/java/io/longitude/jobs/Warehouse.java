package io.longitude.jobs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The warehouse layout: published tables under {@code tables/<name>}, ingest's private state under
 * {@code state/<name>} (what was read, per file and per resource; it holds source ids, like
 * {@code identity}), one folder per run under {@code runs/<run-id>} (summaries, manifests), and
 * {@code staging/<run-id>/tables|state/<name>} where a run writes before publishing. Paths are strings so
 * that any Hadoop file system works.
 */
public final class Warehouse {

    public static final String VISIT_SEQUENCES = "visit_sequences";
    public static final String PATIENTS = "patients";
    public static final String ENCOUNTERS = "encounters";
    public static final String EVENTS = "events";
    public static final String REJECTS = "rejects";
    public static final String IDENTITY = "identity";
    /** Input file keys to paths: identifying (file names can be patient names), kept with {@link #IDENTITY}. */
    public static final String IDENTITY_SOURCE_FILES = "identity_source_files";
    /** Ingest state: one row per input file ever ingested (path, size, modification time, SHA-256, runs). */
    public static final String STATE_FILES = "files";
    /** Ingest state: every record read from the ingested files, deletes and read-level rejects included. */
    public static final String STATE_RESOURCES = "resources";

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String root;

    public Warehouse(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public String tables() {
        return root + "/tables";
    }

    public String table(String name) {
        return tables() + "/" + name;
    }

    public String state(String name) {
        return root + "/state/" + name;
    }

    public String run(String runId) {
        return root + "/runs/" + runId;
    }

    /** Where a run writes its tables before {@link TablePublisher} moves them into {@code tables/}. */
    public Warehouse staging(String runId) {
        return new Warehouse(root + "/staging/" + runId);
    }

    public static String newRunId(Instant now) {
        return RUN_ID.format(now);
    }
}
