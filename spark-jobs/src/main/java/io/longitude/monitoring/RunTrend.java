package io.longitude.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.warehouse.Warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The test figures of one task and model across pipeline runs, oldest first, as the run manifests
 * ({@code runs/<run-id>/manifest.json}) record them in their evaluate stage: test AUROC (and the baseline's),
 * calibration slope, ECE, prevalence and the positive patients they rest on. The report's trend table and the
 * nightly drift check both read this one series. A run that evaluated nothing (unchanged inputs) adds no point; a
 * figure undefined on the data (AUROC without a positive) is NaN.
 */
public final class RunTrend {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINISHED = Set.of("ok", "unchanged", "degraded");

    /** One run's test figures; NaN where the manifest lacks a figure (runs from before it was recorded). */
    public record Point(String runId, String runStatus, double testAuroc, double baselineTestAuroc,
                        double calibrationSlope, double ece, double prevalence, long positivePatients,
                        boolean judgeable) {

        public boolean finished() {
            return FINISHED.contains(runStatus);
        }
    }

    private RunTrend() {
    }

    /** Every run under {@code runs} whose evaluate stage of {@code task}/{@code model} succeeded, oldest first. */
    public static List<Point> read(Path runs, String task, String model) {
        List<Point> points = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return points;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve(Warehouse.RUN_MANIFEST);
                if (Files.isRegularFile(file)) {
                    JsonNode manifest = JSON.readTree(file.toFile());
                    evaluation(manifest, task, model).ifPresent(stage -> points.add(new Point(
                            manifest.path("runId").asText(), manifest.path("status").asText(),
                            number(stage, "testAuroc"), number(stage, "baselineTestAuroc"),
                            number(stage, "testCalibrationSlope"), number(stage, "testEce"),
                            number(stage, "testPrevalence"), stage.path("testPatients").asLong(),
                            stage.path("testJudgeable").asBoolean())));
                }
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run manifests in " + runs, e);
        }
    }

    /** The newest point of a finished run other than {@code currentRunId}: what a new run is compared with. */
    public static Optional<Point> lastFinished(List<Point> trend, String currentRunId) {
        for (int i = trend.size() - 1; i >= 0; i--) {
            Point p = trend.get(i);
            if (p.finished() && !p.runId().equals(currentRunId)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> evaluation(JsonNode manifest, String task, String model) {
        JsonNode found = null;
        for (JsonNode stage : manifest.path("stages")) {
            if ("evaluate".equals(stage.path("stage").asText()) && task.equals(stage.path("task").asText())
                    && model.equals(stage.path("model").asText()) && "ok".equals(stage.path("status").asText())
                    && stage.has("testAuroc")) {
                found = stage;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A figure, or NaN: missing, null, or undefined on the data (Jackson writes NaN as the string "NaN"). */
    private static double number(JsonNode stage, String key) {
        return stage.path(key).isNumber() ? stage.path(key).asDouble() : Double.NaN;
    }
}
