package io.longitude.jobs.ingest;

import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.testing.CapturedLog;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user reads in the log of an ingest (and of the cohort after it), captured once for the class: no plan
 * too long to print, progress lines with counts that only grow and end at the totals, and the steps after reading.
 */
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestLogTest {

    private static final Pattern PROGRESS = Pattern.compile(
            "ingest \\S+: read (\\d+)/(\\d+) files, ([\\d,.]+)/([\\d,.]+) MB \\((\\d+)%\\), ([\\d,]+) records, ");

    @TempDir
    static Path tmp;

    private String log;
    private IngestSummary summary;
    private long inputBytes;

    @BeforeAll
    void ingestAndBuildACohort(SparkSession spark) throws IOException {
        Path input = TestData.firstSharedBundles(6, tmp.resolve("input"));
        try (Stream<Path> files = Files.list(input)) {
            inputBytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        String warehouse = tmp.resolve("warehouse").toString();
        try (CapturedLog captured = new CapturedLog(List.of())) {
            summary = new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null,
                    List.of("ingest.progress-interval=200ms", "ingest.min-partitions=6")),
                    List.of(input.toString()), warehouse)).run(spark);
            new CohortJob(warehouse, TaskFiles.load("mortality-inhospital", List.of())).run(spark);
            log = captured.text();
        }
    }

    /**
     * Spark logs {@code Truncated the string representation of a plan} whenever a plan string passes
     * {@code spark.sql.maxPlanStringLength} (1 MB, a default of every command); it builds one for every SQL
     * execution. Plan size depends on the job's shape, not on the data, so a few bundles show it.
     */
    @Test
    void noPlanIsTooLongToPrint() {
        assertFalse(log.contains("Truncated the string representation of a plan"),
                () -> log.lines().filter(l -> l.contains("Truncated")).findFirst().orElse(""));
    }

    @Test
    void progressLinesCountUpToTheTotals() {
        List<Matcher> lines = log.lines().map(PROGRESS::matcher).filter(Matcher::find).toList();
        assertFalse(lines.isEmpty(), "no progress line in the ingest log");
        long[] previous = {0, 0, 0};
        for (Matcher line : lines) {
            long[] counts = {Long.parseLong(line.group(1)), Math.round(number(line.group(3)) * 10),
                    (long) number(line.group(6))};
            for (int i = 0; i < counts.length; i++) {
                assertTrue(counts[i] >= previous[i], () -> "progress went backwards at: " + line.group());
            }
            previous = counts;
            assertEquals(6, Long.parseLong(line.group(2)));
            assertEquals(Math.round(inputBytes / 1048576.0 * 10), Math.round(number(line.group(4)) * 10));
        }
        Matcher last = lines.get(lines.size() - 1);
        assertEquals("6", last.group(1), last.group());
        assertEquals("100", last.group(5), last.group());
        assertEquals(summary.resourcesRead(), (long) number(last.group(6)), last.group());
    }

    /** After the reading, each of the silent steps (resolve, rebuild, write) is announced when the one before ends. */
    @Test
    void theStepsAfterReadingAreAnnouncedInOrder() {
        int stored = log.indexOf(" records stored in ");
        int resolved = log.indexOf(": state resolved in ");
        int rebuilt = log.indexOf(" patients rebuilt in ");
        assertTrue(stored >= 0 && stored < resolved && resolved < rebuilt, () -> "steps missing or out of order: "
                + stored + ", " + resolved + ", " + rebuilt);
        assertTrue(log.contains(": " + summary.patientsRebuilt() + " patients rebuilt in "), "rebuilt count");
    }

    private static double number(String formatted) {
        return Double.parseDouble(formatted.replace(",", ""));
    }
}
