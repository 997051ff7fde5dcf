package io.longitude.jobs.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which input files a run reads, against {@code state/files}. A file whose path, size and modification
 * time match the state is skipped without being opened (not even hashed); any other is hashed and is
 * skipped when its path, size and SHA-256 match (only its modification time is updated), read otherwise:
 * new, or changed in place. Files that are no longer listed stay in the state, and so do their resources:
 * removing a resource takes a delete (see README).
 */
final class FilePlan {

    static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("modified", DataTypes.LongType, false)
            .add("sha256", DataTypes.StringType, false)
            .add("firstRunId", DataTypes.StringType, false)
            .add("lastRunId", DataTypes.StringType, false);

    private final int seen;
    private final int skippedUnopened;
    private final int skippedSameContent;
    private final int hashed;
    private final List<String> newFiles;
    private final List<String> changedFiles;
    private final List<Row> state;
    private final boolean stateChanged;

    private FilePlan(int seen, int skippedUnopened, int skippedSameContent, int hashed, List<String> newFiles,
                     List<String> changedFiles, List<Row> state, boolean stateChanged) {
        this.seen = seen;
        this.skippedUnopened = skippedUnopened;
        this.skippedSameContent = skippedSameContent;
        this.hashed = hashed;
        this.newFiles = newFiles;
        this.changedFiles = changedFiles;
        this.state = state;
        this.stateChanged = stateChanged;
    }

    /**
     * @param previous the rows of {@code state/files} (empty for a new warehouse)
     * @param hasher   paths to their SHA-256, computed on the executors
     */
    static FilePlan of(List<InputFile> listed, List<Row> previous, String runId,
                       Function<List<String>, Map<String, String>> hasher) {
        Map<String, Row> known = new TreeMap<>();
        previous.forEach(r -> known.put(r.getString(0), r));
        List<InputFile> toHash = new ArrayList<>();
        for (InputFile file : listed) {
            Row before = known.get(file.path());
            if (before == null || before.getLong(1) != file.size() || before.getLong(2) != file.modified()) {
                toHash.add(file);
            }
        }
        Map<String, String> hashes = toHash.isEmpty() ? Map.of() : hasher.apply(toHash.stream().map(InputFile::path).toList());

        Map<String, Row> next = new LinkedHashMap<>(known);
        List<String> newFiles = new ArrayList<>();
        List<String> changedFiles = new ArrayList<>();
        int sameContent = 0;
        for (InputFile file : toHash) {
            String sha = hashes.get(file.path());
            Row before = known.get(file.path());
            if (before != null && before.getLong(1) == file.size() && before.getString(3).equals(sha)) {
                sameContent++;
                next.put(file.path(), RowFactory.create(file.path(), file.size(), file.modified(), sha,
                        before.getString(4), before.getString(5)));
                continue;
            }
            (before == null ? newFiles : changedFiles).add(file.path());
            next.put(file.path(), RowFactory.create(file.path(), file.size(), file.modified(), sha,
                    before == null ? runId : before.getString(4), runId));
        }
        return new FilePlan(listed.size(), listed.size() - toHash.size(), sameContent, toHash.size(), newFiles,
                changedFiles, new ArrayList<>(next.values()), !toHash.isEmpty());
    }

    /** New and changed files, the only ones this run opens for parsing. */
    List<String> toRead() {
        List<String> read = new ArrayList<>(newFiles);
        read.addAll(changedFiles);
        return read;
    }

    /** The content of {@code state/files} after this run. */
    List<Row> state() {
        return state;
    }

    /** False when every listed file matched the state by size and modification time. */
    boolean stateChanged() {
        return stateChanged;
    }

    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("seen", (long) seen);
        counts.put("skippedAlreadyIngested", (long) (skippedUnopened + skippedSameContent));
        counts.put("skippedUnopened", (long) skippedUnopened);
        counts.put("hashed", (long) hashed);
        counts.put("read", (long) (newFiles.size() + changedFiles.size()));
        counts.put("readNew", (long) newFiles.size());
        counts.put("readChanged", (long) changedFiles.size());
        return counts;
    }
}
