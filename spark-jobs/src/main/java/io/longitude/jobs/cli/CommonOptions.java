package io.longitude.jobs.cli;

import picocli.CommandLine.Option;

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
