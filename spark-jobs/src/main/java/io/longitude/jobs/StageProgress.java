package io.longitude.jobs;

import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A job's progress lines at a steady cadence while it runs Spark stages, for the commands whose work is not
 * counted in records as ingest's is (cohort, score): the tasks done of the stages seen so far and the running
 * stage, e.g. {@code cohort mortality-inhospital: 60 s, 412/580 tasks of 6 stages done, stage 14 at 12/200}.
 * Spark does not know a job's later stages in advance, so there is no percentage of the whole. Counts never go
 * down; a line is printed only when a count moved, and none at all for work shorter than one interval.
 */
public final class StageProgress implements AutoCloseable {

    /** The cadence of cohort's and score's lines. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);

    private final JavaSparkStatusTracker tracker;
    private final String label;
    private final long started = System.nanoTime();
    /** Stage id to its {done, total} tasks, the most seen. */
    private final Map<Integer, int[]> stages = new TreeMap<>();
    private final ScheduledExecutorService timer;
    private long shownDone;
    private int shownStages;

    private StageProgress(SparkSession spark, String label, Duration interval) {
        this.tracker = JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
        this.label = label;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "longitude-stage-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Logs {@code label}'s progress every {@code interval} until closed. */
    public static StageProgress start(SparkSession spark, String label, Duration interval) {
        return new StageProgress(spark, label, interval);
    }

    private synchronized void report() {
        SparkStageInfo running = null;
        for (int id : tracker.getActiveStageIds()) {
            stages.putIfAbsent(id, new int[2]);
        }
        // Stages that ended since the last line are asked again, so that their last tasks count.
        for (Map.Entry<Integer, int[]> entry : stages.entrySet()) {
            SparkStageInfo stage = tracker.getStageInfo(entry.getKey());
            if (stage == null) {
                continue;
            }
            int[] seen = entry.getValue();
            seen[0] = Math.max(seen[0], stage.numCompletedTasks());
            seen[1] = Math.max(seen[1], stage.numTasks());
            if (stage.numActiveTasks() > 0 && (running == null || stage.numActiveTasks() > running.numActiveTasks())) {
                running = stage;
            }
        }
        long done = 0;
        long total = 0;
        for (int[] seen : stages.values()) {
            done += seen[0];
            total += seen[1];
        }
        if (done == shownDone && stages.size() == shownStages) {
            return;
        }
        shownDone = done;
        shownStages = stages.size();
        long seconds = Math.round((System.nanoTime() - started) / 1e9);
        LOG.info("{}: {} s, {}/{} tasks of {} stages done{}", label, seconds, done, total, stages.size(),
                running == null ? "" : ", stage " + running.stageId() + " at " + running.numCompletedTasks() + "/"
                        + running.numTasks());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
