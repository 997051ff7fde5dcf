package io.longitude.jobs.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.jobs.testing.LongitudeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory stays bounded: {@code longitude ingest} over the whole {@link HostileCorpus} (a 100 MB bundle of ~150
 * Synthea patients, an 8 MiB NDJSON line and bundle entry and ones just over, 10^5-deep JSON) in a child JVM with a
 * 512 MiB heap on local[2] exits 0 with every kind's expected outcome: the 100 MB bundle, streamed entry by entry,
 * is ingested with exact counts (fhir-ingest/README.md says what heap an entry needs).
 */
class SmallHeapIngestIT {

    private static final HostileCorpus.Limits LIMITS = new HostileCorpus.Limits(8 << 20, 8 << 20, 100L << 20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ingestOfTheHostileCorpusFitsA512MiBHeap(@TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("corpus");
        List<HostileCorpus.Kind> kinds = HostileCorpus.write(input, LIMITS);
        Path summaryFile = tmp.resolve("summary.json");

        LongitudeProcess.Result result = LongitudeProcess.run(List.of("-Xmx512m", "-Dspark.master=local[2]"),
                Duration.ofMinutes(8), tmp.resolve("ingest.log"),
                "ingest", "--input", input.toString(), "--warehouse", tmp.resolve("warehouse").toString(),
                "--summary", summaryFile.toString(),
                "--conf", "ingest.max-line-bytes=" + LIMITS.maxLineBytes(),
                "--conf", "ingest.max-entry-bytes=" + LIMITS.maxEntryBytes());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(!result.output().contains("OutOfMemoryError"), result.output());
        JsonNode summary = JSON.readTree(summaryFile.toFile());
        assertEquals(HostileCorpus.expectedRejectsByReason(kinds), counts(summary.get("rejectsByReason")));
        assertEquals(HostileCorpus.expectedByType(kinds), byType(summary.get("byType")));
        long read = summary.get("resourcesRead").asLong();
        assertEquals(HostileCorpus.expectedByType(kinds).values().stream().mapToLong(c -> c.get("read")).sum(), read);
        assertEquals(read, summary.get("resourcesAccepted").asLong() + summary.get("resourcesIgnored").asLong()
                + summary.get("resourcesRejected").asLong());
        assertEquals(HostileCorpus.expectedAccepted(kinds, "Patient"), summary.get("patients").asLong());
    }

    static Map<String, Long> counts(JsonNode node) {
        return JSON.convertValue(node, new TypeReference<TreeMap<String, Long>>() { });
    }

    static Map<String, Map<String, Long>> byType(JsonNode node) {
        return JSON.convertValue(node, new TypeReference<TreeMap<String, Map<String, Long>>>() { });
    }
}
