package io.longitude.jobs;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Publishes tables a run wrote under its staging area: each table folder is renamed into
 * {@code tables/} (the previous version moved aside first, then deleted), so a reader sees either the
 * old table or the new one, never a half-written one, and a run killed before publishing leaves every
 * published table as it was. Renames are atomic per folder on HDFS and local file systems; object stores
 * without atomic rename need a table format instead (see README).
 */
public final class TablePublisher {

    private TablePublisher() {
    }

    public static void publish(SparkSession spark, Warehouse staged, Warehouse target, List<String> tables) {
        try {
            Path root = new Path(target.root());
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path replaced = new Path(staged.root(), "replaced");
            fs.mkdirs(replaced);
            fs.mkdirs(new Path(target.tables()));
            for (String table : tables) {
                Path from = new Path(staged.table(table));
                Path to = new Path(target.table(table));
                if (!fs.exists(new Path(from, "_SUCCESS"))) {
                    throw new IllegalStateException("staged table " + table + " is incomplete (no _SUCCESS)");
                }
                if (fs.exists(to) && !fs.rename(to, new Path(replaced, table))) {
                    throw new IOException("cannot move the published " + table + " aside");
                }
                if (!fs.rename(from, to)) {
                    throw new IOException("cannot publish " + table);
                }
            }
            fs.delete(new Path(staged.root()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing tables into " + target.root() + " failed", e);
        }
    }
}
