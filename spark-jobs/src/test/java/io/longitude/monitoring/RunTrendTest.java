package io.longitude.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunTrendTest {

    /** A manifest as RunJob writes it, with one evaluate stage of mortality-inhospital/gru. */
    static String manifest(String runId, String status, String evaluateStatus, double auroc) {
        return """
                {"runId": "%s", "status": "%s", "stages": [
                  {"stage": "cohort", "task": "mortality-inhospital", "status": "ok", "samples": 900},
                  {"stage": "evaluate", "task": "mortality-inhospital", "model": "gru", "status": "%s",
                   "testAuroc": %s, "baselineTestAuroc": 0.7, "testPatients": 42, "testJudgeable": true,
                   "testCalibrationSlope": 0.9, "testEce": 0.02, "testPrevalence": 0.05, "seconds": 1.0},
                  {"stage": "evaluate", "task": "readmission-30d", "model": "gru", "status": "ok",
                   "testAuroc": 0.51, "baselineTestAuroc": 0.5, "testPatients": 3, "testJudgeable": false}]}
                """.formatted(runId, status, evaluateStatus, auroc);
    }

    @Test
    void eachRunThatEvaluatedTheModelIsOnePointOldestFirst(@TempDir Path runs) throws Exception {
        write(runs, "20261201T020000Z", manifest("20261201T020000Z", "ok", "ok", 0.80));
        write(runs, "20261202T020000Z", "{\"runId\": \"20261202T020000Z\", \"status\": \"unchanged\", \"stages\": []}");
        write(runs, "20261203T020000Z", manifest("20261203T020000Z", "failed", "failed", 0.0));
        write(runs, "20261204T020000Z", manifest("20261204T020000Z", "degraded", "ok", 0.74));
        write(runs, "20261205T020000Z", manifest("20261205T020000Z", "running", "ok", 0.79));
        // An AUROC undefined on the data, as Jackson writes it.
        write(runs, "20261206T020000Z", manifest("20261206T020000Z", "ok", "ok", 0.123).replace("\"testAuroc\": 0.123",
                "\"testAuroc\": \"NaN\""));
        Files.createDirectories(runs.resolve("20261130T020000Z"));

        List<RunTrend.Point> trend = RunTrend.read(runs, "mortality-inhospital", "gru");
        assertEquals(List.of("20261201T020000Z", "20261204T020000Z", "20261205T020000Z", "20261206T020000Z"),
                trend.stream().map(RunTrend.Point::runId).toList(), "no point from an unchanged run or a failed stage");
        assertTrue(Double.isNaN(trend.get(3).testAuroc()));
        assertEquals(0.7, trend.get(3).baselineTestAuroc());
        RunTrend.Point first = trend.get(0);
        assertEquals(0.80, first.testAuroc());
        assertEquals(0.7, first.baselineTestAuroc());
        assertEquals(0.9, first.calibrationSlope());
        assertEquals(0.02, first.ece());
        assertEquals(0.05, first.prevalence());
        assertEquals(42, first.positivePatients());
        assertTrue(first.judgeable());

        // The running run compares with the newest finished one; the degraded run counts as finished.
        assertEquals("20261204T020000Z", RunTrend.lastFinished(trend.subList(0, 3), "20261205T020000Z").orElseThrow()
                .runId());
        assertEquals("20261201T020000Z", RunTrend.lastFinished(trend.subList(0, 1), "x").orElseThrow().runId());
        assertFalse(RunTrend.lastFinished(trend.subList(0, 1), "20261201T020000Z").isPresent());

        RunTrend.Point other = RunTrend.read(runs, "readmission-30d", "gru").get(0);
        assertFalse(other.judgeable());
        assertTrue(Double.isNaN(other.calibrationSlope()), "a manifest from before calibration was recorded");
    }

    @Test
    void noRunsFolderIsAnEmptyTrend(@TempDir Path dir) {
        assertTrue(RunTrend.read(dir.resolve("runs"), "mortality-inhospital", "gru").isEmpty());
    }

    private static void write(Path runs, String runId, String json) throws Exception {
        Files.createDirectories(runs.resolve(runId));
        Files.writeString(runs.resolve(runId).resolve("manifest.json"), json);
    }
}
