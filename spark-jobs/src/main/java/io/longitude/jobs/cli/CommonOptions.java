package io.longitude.jobs.cli;

import io.longitude.config.BadInputException;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command takes. */
public final class CommonOptions {

    @Option(names = "--warehouse", required = true, paramLabel = "DIR",
            description = "Warehouse root (local path or a Hadoop URI such as hdfs://…).")
    String warehouse;

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON file overriding conf/longitude.conf.")
    Path config;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Override one configuration key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Also write the run summary JSON to this local file.")
    Path summary;

    /**
     * For commands that read what an earlier stage wrote: a warehouse that does not exist is a bad --warehouse,
     * said in one line before Spark starts. Where the file system cannot be asked from here (no client
     * configuration for its scheme), the job finds out itself.
     */
    public void requireExistingWarehouse() {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(warehouse);
        boolean exists;
        try {
            exists = path.getFileSystem(new Configuration()).exists(path);
        } catch (IOException e) {
            return;
        }
        if (!exists) {
            throw new BadInputException("warehouse " + warehouse + " does not exist (check --warehouse, or run ingest first)");
        }
    }

    public String warehouse() {
        return warehouse;
    }

    public Path config() {
        return config;
    }

    public List<String> overrides() {
        return overrides;
    }

    public Path summary() {
        return summary;
    }
}
