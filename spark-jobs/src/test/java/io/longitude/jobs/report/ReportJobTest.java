package io.longitude.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.jobs.LongitudeConfigLoader;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.evaluate.PredictionFixture;
import io.longitude.jobs.testing.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalSpark.class)
class ReportJobTest {

    /**
     * Opens the report inside a frame of a probe page; the probe's script (not the report's: the report
     * has none) counts the images that decoded and copies every metric cell out, and Chromium prints the DOM.
     */
    private static final String PROBE = """
            <!DOCTYPE html><html><body><pre id="result"></pre>
            <iframe id="report" src="%s" onload="probe()"></iframe>
            <script>
            function probe() {
              const doc = document.getElementById('report').contentDocument;
              const images = Array.from(doc.images);
              const lines = ['images=' + images.length,
                'loaded=' + images.filter(i => i.complete && i.naturalWidth > 0).length];
              doc.querySelectorAll('[data-metric]').forEach(c => lines.push('metric ' + c.dataset.metric + '=' + c.textContent));
              document.getElementById('result').textContent = lines.join('\\n');
            }
            </script></body></html>
            """;

    @Test
    void reportRendersInChromiumWithItsImagesAndTheMetricsOfMetricsJson(SparkSession spark, @TempDir Path warehouse,
                                                                         @TempDir Path browser) throws Exception {
        List<PredictionFixture.Sample> samples = PredictionFixture.samples(500, 17);
        PredictionFixture.write(spark, warehouse, samples);
        var config = LongitudeConfigLoader.load(null, List.of());
        new EvaluateJob(EvaluateConfig.from(config, warehouse.toString(), PredictionFixture.TASK,
                PredictionFixture.NETWORK)).run(spark);
        String reportPath = new ReportJob(ReportConfig.from(config, warehouse.toString(), PredictionFixture.TASK,
                PredictionFixture.NETWORK)).run(spark);

        Path report = Path.of(reportPath);
        String html = Files.readString(report);
        assertFalse(html.contains("<script"), "the report is static");
        assertFalse(Pattern.compile("(src|href)=\"(http|//)").matcher(html).find(), "nothing loads from outside");
        assertFalse(samples.stream().anyMatch(s -> html.contains(s.patientKey()) || html.contains(s.patientRef())),
                "no identifiers in the report");
        assertTrue(html.contains("<td>&lt;11</td>"), "the fixture's small subgroups are suppressed");

        Path probe = browser.resolve("probe.html");
        Files.writeString(probe, PROBE.formatted(report.toUri()));
        String dom = HeadlessChromium.dumpDom(probe, browser);
        Matcher images = Pattern.compile("images=(\\d+)\\s+loaded=(\\d+)").matcher(dom);
        assertTrue(images.find(), "the probe ran: " + dom.substring(0, Math.min(500, dom.length())));
        assertEquals(6, Integer.parseInt(images.group(1)), "attrition, ROC, PR, reliability, loss, validation AUROC");
        assertEquals(images.group(1), images.group(2), "every image decoded");

        Map<String, String> shown = new HashMap<>();
        Matcher cell = Pattern.compile("metric ([\\w.-]+)=([^\\n<]*)").matcher(dom);
        while (cell.find()) {
            shown.put(cell.group(1), cell.group(2).trim());
        }
        JsonNode metrics = new ObjectMapper().readTree(Files.readString(
                warehouse.resolve("evaluations/" + PredictionFixture.TASK + "/gru/metrics.json")));
        int compared = 0;
        for (JsonNode model : metrics.get("models")) {
            var names = model.get("metrics").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String key = model.get("model").asText() + "." + name;
                assertTrue(shown.containsKey(key), "report shows " + key);
                assertEquals(model.get("metrics").get(name).get("value").asDouble(), Double.parseDouble(shown.get(key)),
                        0.0005, key);
                compared++;
            }
        }
        assertEquals(12, compared);
        assertEquals(12, shown.size());
    }

    @Test
    void smallCellsAreSuppressed() {
        SmallCells cells = new SmallCells(11);
        assertEquals("<11", cells.count(10));
        assertEquals("<11", cells.count(1));
        assertEquals("11", cells.count(11));
        assertEquals("0", cells.count(0));
        assertEquals("<5", new SmallCells(5).count(4));
    }
}
