package io.longitude.jobs;

import io.longitude.warehouse.Warehouse;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes tables a run wrote under its staging area: each table folder is renamed into
 * {@code tables/} (the previous version moved aside first, then deleted), so a reader sees either the
 * old table or the new one, never a half-written one, and a run killed before publishing leaves every
 * published table as it was. Renames are atomic per folder on HDFS and local file systems; object stores
 * without atomic rename need a table format instead (see README).
 *
 * <p>Ingest state is published after the tables: a run killed in between leaves the previous state
 * next to the new tables, and the next run reads the same files again and rebuilds the same patients.
 */
public final class TablePublisher {

    private TablePublisher() {
    }

    public static void publish(SparkSession spark, Warehouse staged, Warehouse target, List<String> tables) {
        publish(spark, staged, target, tables, List.of());
    }

    public static void publish(SparkSession spark, Warehouse staged, Warehouse target, List<String> tables,
                               List<String> stateTables) {
        List<String[]> moves = new ArrayList<>();
        tables.forEach(t -> moves.add(new String[]{staged.table(t), target.table(t), "tables/" + t}));
        stateTables.forEach(t -> moves.add(new String[]{staged.state(t), target.state(t), "state/" + t}));
        try {
            Path root = new Path(target.root());
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path replaced = new Path(staged.root(), "replaced");
            for (String[] move : moves) {
                Path from = new Path(move[0]);
                Path to = new Path(move[1]);
                Path aside = new Path(replaced, move[2]);
                if (!fs.exists(new Path(from, "_SUCCESS"))) {
                    throw new IllegalStateException("staged " + move[2] + " is incomplete (no _SUCCESS)");
                }
                fs.mkdirs(aside.getParent());
                fs.mkdirs(to.getParent());
                if (fs.exists(to) && !fs.rename(to, aside)) {
                    throw new IOException("cannot move the published " + move[2] + " aside");
                }
                if (!fs.rename(from, to)) {
                    throw new IOException("cannot publish " + move[2]);
                }
            }
            fs.delete(new Path(staged.root()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing tables into " + target.root() + " failed", e);
        }
    }
}
