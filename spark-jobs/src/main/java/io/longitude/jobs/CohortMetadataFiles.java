package io.longitude.jobs;

import io.longitude.cohort.CohortMetadata;
import io.longitude.config.BadInputException;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@link CohortMetadata} on the warehouse's file system: the cohort job writes it, every later stage reads it. */
public final class CohortMetadataFiles {

    private CohortMetadataFiles() {
    }

    public static void write(Configuration hadoop, Warehouse warehouse, CohortMetadata metadata) {
        String path = warehouse.cohortMetadata(metadata.task());
        try {
            HadoopFiles.writeString(hadoop, path, metadata.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** The metadata of a task's cohort; a bad input when the cohort was never built (or before it had any). */
    public static CohortMetadata read(Configuration hadoop, Warehouse warehouse, String task) {
        String path = warehouse.cohortMetadata(task);
        try {
            if (!HadoopFiles.exists(hadoop, path)) {
                throw new BadInputException("no cohort metadata for task '" + task + "' at " + path
                        + ": run `longitude cohort --task " + task + "` (again) first");
            }
            return CohortMetadata.fromJson(HadoopFiles.readString(hadoop, path), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
