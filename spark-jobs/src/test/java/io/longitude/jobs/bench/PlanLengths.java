package io.longitude.jobs.bench;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;

/** The lengths of the physical plan descriptions Spark builds, one per SQL execution: their maximum and sum. */
final class PlanLengths extends SparkListener {

    private long max;
    private long total;

    @Override
    public synchronized void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof SparkListenerSQLExecutionStart start) {
            long length = start.physicalPlanDescription().length();
            max = Math.max(max, length);
            total += length;
        }
    }

    synchronized void reset() {
        max = 0;
        total = 0;
    }

    synchronized long max() {
        return max;
    }

    synchronized long total() {
        return total;
    }
}
