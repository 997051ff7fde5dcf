package io.longitude.jobs.ingest;

import com.typesafe.config.Config;
import io.longitude.config.InvalidConfigException;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** What one ingest run reads, where it writes, and its limits. Immutable and validated. */
public final class IngestConfig implements Serializable {

    static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final List<String> inputs;
    private final String warehouse;
    private final int maxLineBytes;
    private final int maxEntryBytes;
    private final int minPartitions;
    private final long splitBytes;
    private final long shufflePartitionBytes;
    private final IngestMode mode;
    private final Duration progressInterval;

    /** With progress lines every {@link #DEFAULT_PROGRESS_INTERVAL}. */
    public IngestConfig(List<String> inputs, String warehouse, int maxLineBytes, int maxEntryBytes,
                        int minPartitions, long splitBytes, long shufflePartitionBytes, IngestMode mode) {
        this(inputs, warehouse, maxLineBytes, maxEntryBytes, minPartitions, splitBytes, shufflePartitionBytes, mode,
                DEFAULT_PROGRESS_INTERVAL);
    }

    public IngestConfig(List<String> inputs, String warehouse, int maxLineBytes, int maxEntryBytes,
                        int minPartitions, long splitBytes, long shufflePartitionBytes, IngestMode mode,
                        Duration progressInterval) {
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidConfigException("ingest needs at least one --input");
        }
        if (warehouse == null || warehouse.isBlank()) {
            throw new InvalidConfigException("ingest needs --warehouse");
        }
        if (maxLineBytes < 1024) {
            throw new InvalidConfigException("ingest.max-line-bytes must be at least 1024, got " + maxLineBytes);
        }
        if (maxEntryBytes < 1024) {
            throw new InvalidConfigException("ingest.max-entry-bytes must be at least 1024, got " + maxEntryBytes);
        }
        if (mode == null) {
            throw new InvalidConfigException("ingest.mode must be development or production");
        }
        if (minPartitions < 0) {
            throw new InvalidConfigException("ingest.min-partitions must be ≥ 0, got " + minPartitions);
        }
        if (splitBytes < 1) {
            throw new InvalidConfigException("ingest.split-bytes must be positive, got " + splitBytes);
        }
        if (shufflePartitionBytes < 0) {
            throw new InvalidConfigException("ingest.shuffle-partition-bytes must be ≥ 0, got " + shufflePartitionBytes);
        }
        if (progressInterval == null || progressInterval.toMillis() < 100) {
            throw new InvalidConfigException("ingest.progress-interval must be at least 100ms, got " + progressInterval);
        }
        this.inputs = List.copyOf(inputs);
        this.warehouse = warehouse;
        this.maxLineBytes = maxLineBytes;
        this.maxEntryBytes = maxEntryBytes;
        this.minPartitions = minPartitions;
        this.splitBytes = splitBytes;
        this.shufflePartitionBytes = shufflePartitionBytes;
        this.mode = mode;
        this.progressInterval = progressInterval;
    }

    public static IngestConfig from(Config config, List<String> inputs, String warehouse) {
        try {
            return new IngestConfig(inputs, warehouse,
                    config.getInt("ingest.max-line-bytes"),
                    config.getInt("ingest.max-entry-bytes"),
                    config.getInt("ingest.min-partitions"),
                    config.getBytes("ingest.split-bytes"),
                    config.getBytes("ingest.shuffle-partition-bytes"),
                    IngestMode.parse(config.getString("ingest.mode")),
                    config.getDuration("ingest.progress-interval"));
        } catch (com.typesafe.config.ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    public List<String> inputs() {
        return inputs;
    }

    public String warehouse() {
        return warehouse;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    public int maxEntryBytes() {
        return maxEntryBytes;
    }

    public int minPartitions() {
        return minPartitions;
    }

    /** Uncompressed NDJSON files larger than this are read as ranges of this size by several tasks. */
    public long splitBytes() {
        return splitBytes;
    }

    /**
     * Input bytes (uncompressed, estimated for gzip) per shuffle partition of ingest's joins, ranking and
     * table writes; 0 keeps {@code spark.sql.shuffle.partitions}.
     */
    public long shufflePartitionBytes() {
        return shufflePartitionBytes;
    }

    public IngestMode mode() {
        return mode;
    }

    /** How often a progress line is logged while the input is read. */
    public Duration progressInterval() {
        return progressInterval;
    }
}
