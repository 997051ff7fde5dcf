package io.longitude.jobs.run;

import io.longitude.warehouse.Warehouse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code runs/<run-id>/manifest.json}: what a pipeline run saw (inputs, config fingerprint, versions),
 * what each stage read, wrote and counted, how long it took, and the run's status — {@code running}
 * while it works (so a killed run is visible as such), then {@code ok}, {@code unchanged},
 * {@code degraded} or {@code failed}. Rewritten atomically after every stage.
 */
public final class RunManifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Object> values;

    private RunManifest(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = values;
    }

    static RunManifest start(Path file, String runId) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("runId", runId);
        values.put("status", "running");
        values.put("stages", new ArrayList<Map<String, Object>>());
        return new RunManifest(file, values);
    }

    /** The newest run that finished (ok, unchanged or degraded), if any. */
    static Optional<RunManifest> lastFinished(Path runs) {
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.sorted(Comparator.reverseOrder()).toList()) {
                Path file = dir.resolve(Warehouse.RUN_MANIFEST);
                if (Files.isRegularFile(file)) {
                    Map<String, Object> values = JSON.readValue(file.toFile(), new TypeReference<>() { });
                    if (List.of("ok", "unchanged", "degraded").contains(values.get("status"))) {
                        return Optional.of(new RunManifest(file, values));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run manifests in " + runs, e);
        }
    }

    void put(String key, Object value) {
        values.put(key, value);
    }

    Object get(String key) {
        return values.get(key);
    }

    public String status() {
        return (String) values.get("status");
    }

    public String runId() {
        return (String) values.get("runId");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> stages() {
        return (List<Map<String, Object>>) values.get("stages");
    }

    void addStage(Map<String, Object> stage) {
        stages().add(stage);
        write();
    }

    void write() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), values);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
