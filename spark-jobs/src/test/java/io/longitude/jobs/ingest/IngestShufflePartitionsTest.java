package io.longitude.jobs.ingest;

import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ingest sizes its shuffles from its inputs and leaves the session's own setting as it found it. */
@ExtendWith(LocalSpark.class)
class IngestShufflePartitionsTest {

    private static final long MB = 1L << 20;

    @Test
    void partitionsFollowTheInputSizeWithGzipCountedAtItsExpandedSize() {
        List<InputFile> export = List.of(new InputFile("/x/Observation.ndjson", 1500 * MB, 0),
                new InputFile("/x/Encounter.ndjson", 500 * MB, 0));
        assertEquals(16, IngestJob.shufflePartitions(export, 128 * MB, 2));
        List<InputFile> gzipped = List.of(new InputFile("/x/a.json.gz", 100 * MB, 0));
        assertEquals(7, IngestJob.shufflePartitions(gzipped, 128 * MB, 2), "100 MB of gzip counts as 800 MB");
    }

    @Test
    void smallInputsGetTwoPartitionsPerCoreAndHugeOnesAreCapped() {
        List<InputFile> tiny = List.of(new InputFile("/x/a.json", 1000, 0));
        assertEquals(4, IngestJob.shufflePartitions(tiny, 128 * MB, 2));
        assertEquals(32, IngestJob.shufflePartitions(tiny, 128 * MB, 16));
        List<InputFile> huge = List.of(new InputFile("/x/a.ndjson", Long.MAX_VALUE / 16, 0));
        assertEquals(20_000, IngestJob.shufflePartitions(huge, 128 * MB, 2));
    }

    @Test
    void theSessionSettingIsRestoredAfterIngest(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = TestData.firstSharedBundles(3, tmp.resolve("input"));
        String before = spark.conf().get("spark.sql.shuffle.partitions");
        spark.conf().set("spark.sql.shuffle.partitions", "7");
        try {
            SyntheaIngestTest.ingest(spark, input, tmp.resolve("warehouse"));
            assertEquals("7", spark.conf().get("spark.sql.shuffle.partitions"));
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", before);
        }
    }
}
