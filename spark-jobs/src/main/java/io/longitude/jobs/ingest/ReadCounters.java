package io.longitude.jobs.ingest;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;

/**
 * What the extraction tasks have read: files, bytes and records, as Spark accumulators. Running tasks report
 * their partial values with every executor heartbeat, which is what lets {@link IngestProgress} show progress
 * inside a long stage.
 */
final class ReadCounters implements Serializable {

    private static final long serialVersionUID = 1L;

    final LongAccumulator files;
    final LongAccumulator bytes;
    final LongAccumulator records;

    ReadCounters(SparkContext spark) {
        this.files = spark.longAccumulator("longitude.ingest.filesRead");
        this.bytes = spark.longAccumulator("longitude.ingest.bytesRead");
        this.records = spark.longAccumulator("longitude.ingest.recordsRead");
    }

    void recordRead() {
        records.add(1);
    }

    void splitRead(InputSplit split) {
        bytes.add(split.length());
        if (split.lastOfFile()) {
            files.add(1);
        }
    }
}
