package io.longitude.jobs;

import io.longitude.jobs.testing.CapturedLog;
import io.longitude.jobs.testing.LocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cohort's and score's progress lines, on a job slow enough to show several. */
@ExtendWith(LocalSpark.class)
class StageProgressTest {

    private static final Pattern LINE = Pattern.compile("slow job: (\\d+) s, (\\d+)/(\\d+) tasks of (\\d+) stages done");

    @Test
    void linesCountTasksUpAndStopWhenClosed(SparkSession spark) {
        String log;
        String atClose;
        try (CapturedLog captured = new CapturedLog(List.of())) {
            try (StageProgress progress = StageProgress.start(spark, "slow job", Duration.ofMillis(150))) {
                long sum = JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(IntStream.range(0, 12).boxed().toList(), 12)
                        .map(i -> {
                            Thread.sleep(200);
                            return i;
                        })
                        .reduce(Integer::sum);
                assertEquals(66, sum);
                sleep(400);
            }
            atClose = captured.text();
            sleep(400);
            log = captured.text();
        }
        List<Matcher> lines = log.lines().map(LINE::matcher).filter(Matcher::find).toList();
        assertFalse(lines.isEmpty(), log);
        long previousDone = -1;
        for (Matcher line : lines) {
            long done = Long.parseLong(line.group(2));
            assertTrue(done >= previousDone, () -> "went backwards: " + line.group());
            assertEquals("12", line.group(3), line.group());
            previousDone = done;
        }
        assertEquals(12, previousDone, "the last line counts every task of the finished stage");
        assertEquals(atClose.lines().filter(l -> l.contains("slow job:")).count(),
                log.lines().filter(l -> l.contains("slow job:")).count(), "no line after close");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
