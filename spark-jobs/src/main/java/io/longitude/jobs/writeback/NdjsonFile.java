package io.longitude.jobs.writeback;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SaveMode;

import java.io.IOException;

/**
 * Publishes lines built on the executors as one NDJSON file. The lines are sorted (a rerun writes the same
 * file) and written by one task after the shuffle of the sort — the one sequential write a single file needs on
 * any Hadoop file system; no line passes through the driver, which only renames the finished file into place.
 */
final class NdjsonFile {

    private static final String PARTS = "_parts";

    private NdjsonFile() {
    }

    /**
     * @param sortedLines one line per resource, in the order of the file (a global sort)
     * @param folder      replaced: after the write it holds {@code fileName} only
     */
    static void publish(Configuration hadoop, Dataset<String> sortedLines, String folder, String fileName)
            throws IOException {
        Path target = new Path(folder);
        Path parts = new Path(target, PARTS);
        FileSystem fs = target.getFileSystem(hadoop);
        sortedLines.coalesce(1).write().mode(SaveMode.Overwrite).text(parts.toString());
        for (FileStatus stale : fs.listStatus(target)) {
            if (!stale.getPath().getName().equals(PARTS)) {
                fs.delete(stale.getPath(), true);
            }
        }
        Path file = new Path(target, fileName);
        FileStatus[] written = fs.globStatus(new Path(parts, "part-*"));
        if (written == null || written.length == 0) {
            fs.create(file, true).close();
        } else if (written.length > 1 || !fs.rename(written[0].getPath(), file)) {
            throw new IOException("could not publish " + file + " from " + parts);
        }
        fs.delete(parts, true);
    }
}
