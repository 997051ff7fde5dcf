package io.longitude.jobs.ingest;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;
import scala.collection.JavaConverters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ingest's progress lines while the input is read, at a steady cadence: files and bytes read of the total, records,
 * records per second and the time left at the rate so far, e.g.
 * {@code ingest R: read 12/25 files, 812.0/1,977.3 MB (41%), 420,112 records, 21,005 records/s, about 55 s left}.
 * Counts are those of finished tasks plus the partial counts running tasks sent with their last heartbeat; they
 * never go down from one line to the next. A last line is printed when reading has succeeded.
 */
final class IngestProgress extends SparkListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProgress.class);

    private final SparkContext spark;
    private final ReadCounters counters;
    private final String runId;
    private final long totalFiles;
    private final long totalBytes;
    private final long started = System.nanoTime();
    /** Task id to its last heartbeat's partial {files, bytes, records}. */
    private final Map<Long, long[]> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final long[] shown = new long[3];

    private IngestProgress(SparkContext spark, String runId, long totalFiles, long totalBytes, Duration interval) {
        this.spark = spark;
        this.counters = new ReadCounters(spark);
        this.runId = runId;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        spark.addSparkListener(this);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "longitude-ingest-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts reporting on the reading of {@code totalFiles} files of {@code totalBytes} bytes in all. */
    static IngestProgress start(SparkContext spark, String runId, long totalFiles, long totalBytes, Duration interval) {
        return new IngestProgress(spark, runId, totalFiles, totalBytes, interval);
    }

    /** The counters the extraction tasks add to. */
    ReadCounters counters() {
        return counters;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
                : JavaConverters.seqAsJavaList(update.accumUpdates())) {
            long[] partial = new long[3];
            for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
                int which = info.id() == counters.files.id() ? 0 : info.id() == counters.bytes.id() ? 1
                        : info.id() == counters.records.id() ? 2 : -1;
                if (which >= 0 && info.update().isDefined() && info.update().get() instanceof Long value) {
                    partial[which] = value;
                }
            }
            running.put((Long) task._1(), partial);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
    }

    private synchronized void report() {
        long[] now = {counters.files.value(), counters.bytes.value(), counters.records.value()};
        for (long[] partial : running.values()) {
            for (int i = 0; i < 3; i++) {
                now[i] += partial[i];
            }
        }
        // A task's partial and its final count can overlap for a moment: never past the total, never backwards.
        now[0] = Math.min(now[0], totalFiles);
        now[1] = Math.min(now[1], totalBytes);
        for (int i = 0; i < 3; i++) {
            shown[i] = Math.max(shown[i], now[i]);
        }
        log(shown[0], shown[1], shown[2]);
    }

    private void log(long files, long bytes, long records) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long percent = totalBytes == 0 ? 100 : Math.round(100.0 * bytes / totalBytes);
        String left = bytes == 0 ? "time left unknown"
                : bytes >= totalBytes ? "done" : String.format("about %d s left", Math.round(seconds * (totalBytes - bytes) / bytes));
        LOG.info(String.format("ingest %s: read %d/%d files, %,.1f/%,.1f MB (%d%%), %,d records, %,d records/s, %s",
                runId, files, totalFiles, bytes / 1048576.0, totalBytes / 1048576.0, percent, records,
                Math.round(records / seconds), left));
    }

    /** Prints the last line, with the final counts; call once reading has succeeded. */
    synchronized void finished() {
        running.clear();
        log(Math.max(shown[0], counters.files.value()), Math.max(shown[1], counters.bytes.value()),
                Math.max(shown[2], counters.records.value()));
    }

    /** Stops the lines. */
    @Override
    public void close() {
        timer.shutdownNow();
        spark.removeSparkListener(this);
    }
}
