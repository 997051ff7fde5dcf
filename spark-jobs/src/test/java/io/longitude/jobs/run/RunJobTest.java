package io.longitude.jobs.run;

import com.typesafe.config.Config;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.DirectoryFingerprints;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline command: a full run (a binary task and next-visit-dx), a rerun that does nothing and changes
 * nothing, and the warehouse lock.
 */
@ExtendWith(LocalSpark.class)
class RunJobTest {

    @Test
    void rerunIsANoOpAndTheLockRefusesAConcurrentRun(SparkSession spark, @TempDir Path tmp) throws Exception {
        Path input = TestData.firstSharedBundles(60, tmp.resolve("input"));
        Path model = tmp.resolve("gru-tiny.conf");
        Files.writeString(model, String.join("\n", "name = gru-tiny", "task = binary", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 8", "embedding-size = 8", "head = last",
                "dropout = 0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.01", "batch-size = 32",
                "epochs = 2", "early-stopping-patience = 2", "max-visits = 20", "seed = 3"));
        Path seq2seq = tmp.resolve("seq2seq-tiny.conf");
        Files.writeString(seq2seq, String.join("\n", "name = seq2seq-tiny", "task = next-visit", "type = gru",
                "hidden-size = 8", "embedding-size = 8", "head = per-step", "batch-size = 32", "epochs = 1",
                "max-visits = 20", "seed = 3"));
        Config config = LongitudeConfigLoader.load(null, List.of("run.tasks=[mortality-inhospital]"));
        Path warehouse = tmp.resolve("warehouse");
        RunConfig runConfig = new RunConfig(List.of(input.toString()), warehouse.toString(),
                List.of("mortality-inhospital", "next-visit-dx"), List.of(model.toString()), List.of(seq2seq.toString()),
                0.05, false);

        RunManifest first = new RunJob(runConfig, config).run(spark);
        assertTrue(List.of("ok", "degraded").contains(first.status()), first.toJson());
        // next-visit-dx: its own models, no RiskAssessment write-back.
        assertEquals(List.of("ingest", "cohort", "train", "evaluate", "report", "writeback",
                        "cohort", "train", "evaluate", "report"),
                first.stages().stream().map(s -> s.get("stage")).toList());
        Map<?, ?> nextVisit = (Map<?, ?>) ((Map<?, ?>) first.get("metrics")).get("next-visit-dx/seq2seq-tiny");
        assertTrue(nextVisit.get("testRecallAt20") instanceof Double && nextVisit.get("baselineTestRecallAt20") instanceof Double,
                first.toJson());
        assertEquals("recall@20", nextVisit.get("validationMetric"));
        first.stages().forEach(s -> assertEquals("ok", s.get("status"), s.toString()));
        Map<String, Object> ingest = first.stages().get(0);
        assertEquals(60L, ((Map<?, ?>) ingest.get("files")).get("readNew"), "the manifest says what ingest read");
        assertTrue(((Map<?, ?>) ingest.get("phaseSeconds")).containsKey("parseFilesRead"), ingest.toString());
        Map<String, String> tables = DirectoryFingerprints.of(warehouse.resolve("tables"));
        assertTrue(tables.size() > 10);

        RunManifest second = new RunJob(runConfig, config).run(spark);
        assertEquals("unchanged", second.status(), second.toJson());
        assertEquals(first.runId(), second.get("unchangedSince"));
        assertTrue(second.stages().isEmpty(), "an unchanged run does no stage");
        assertEquals(tables, DirectoryFingerprints.of(warehouse.resolve("tables")), "tables are byte-identical after a no-op run");

        Path lock = warehouse.resolve("_lock");
        String host = InetAddress.getLocalHost().getHostName();
        Files.writeString(lock, "{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"" + host
                + "\",\"runId\":\"other\",\"started\":\"2026-01-01T00:00:00Z\"}");
        RunLockedException refused = assertThrows(RunLockedException.class, () -> new RunJob(runConfig, config).run(spark));
        assertTrue(refused.getMessage().contains("other"), refused.getMessage());

        Files.writeString(lock, "{\"pid\":" + deadPid() + ",\"host\":\"" + host
                + "\",\"runId\":\"crashed\",\"started\":\"2026-01-01T00:00:00Z\"}");
        RunManifest afterCrash = new RunJob(runConfig, config).run(spark);
        assertEquals("unchanged", afterCrash.status());
        assertNotNull(afterCrash.get("staleLock"), "a stale lock is reported in the manifest");
        assertTrue(((String) afterCrash.get("staleLock")).contains("crashed"));
        assertTrue(Files.notExists(lock), "the lock is released at the end of a run");
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
