package io.longitude.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.evaluate.PredictionFixture;
import io.longitude.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
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
              doc.querySelectorAll('[data-json]').forEach(c => lines.push('json ' + c.dataset.json + '=' + c.textContent));
              doc.querySelectorAll('[data-count]').forEach(c => lines.push('count ' + c.dataset.count + '=' + c.textContent));
              doc.querySelectorAll('[data-run]').forEach(c => lines.push('run ' + c.dataset.run + '=' + c.textContent));
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
        // Two earlier pipeline runs that evaluated the model, the second on too few positive patients.
        writeManifest(warehouse, "20261201T020000Z", "ok", 0.812, 0.934, 0.021, 0.061, 40, true);
        writeManifest(warehouse, "20261202T020000Z", "degraded", 0.744, 1.087, 0.048, 0.055, 7, false);
        JsonNode explanations = writeExplanations(warehouse);
        ReportSummary summary = new ReportJob(ReportConfig.from(config, warehouse.toString(), PredictionFixture.TASK,
                PredictionFixture.NETWORK)).run(spark);
        String reportPath = summary.path();

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
        assertEquals(11, Integer.parseInt(images.group(1)), "attrition, ROC, PR, reliability, smooth calibration, "
                + "decision curve, risk by outcome ×2, run trend, loss, validation AUROC");
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
        assertEquals(16, compared);
        int explained = 0;
        for (Map.Entry<String, String> shownValue : shown.entrySet()) {
            if (shownValue.getKey().startsWith("explanations.")) {
                JsonNode value = explanations.at("/" + shownValue.getKey().substring("explanations.".length())
                        .replace('.', '/'));
                assertEquals(value.asDouble(), Double.parseDouble(shownValue.getValue()), 0.00005, shownValue.getKey());
                explained++;
            }
        }
        assertEquals(5 + 2 * 2 + 2, explained, "the checks, two cells per top code, the two coefficients");
        assertEquals(16 + explained, shown.size());

        // The new sections: every figure shown equals metrics.json at its pointer; counts follow the small-cell rule.
        for (String section : List.of("Smooth calibration", "Decision curve", "Predicted risk by outcome", "Subgroups",
                "Across runs")) {
            assertTrue(html.contains("<h2>" + section + "</h2>"), section);
        }
        Map<String, String> figures = readBack(dom, "json");
        for (String key : List.of("gru/smoothCalibration/points/0/observed", "gru/smoothCalibration/points/9/ciUpper",
                PredictionFixture.BASELINE + "/smoothCalibration/points/5/ciLower", "gru/decisionCurve/points/4/netBenefit",
                PredictionFixture.BASELINE + "/decisionCurve/points/49/netBenefit", "gru/decisionCurve/points/9/treatAll",
                "gru/subgroups/0/calibrationSlope")) {
            assertTrue(figures.containsKey(key), "report shows " + key);
        }
        for (Map.Entry<String, String> figure : figures.entrySet()) {
            JsonNode value = model(metrics, figure.getKey()).at(pointer(figure.getKey()));
            assertTrue(value.isNumber() || value.isNull(), figure.getKey());
            if (value.isNull()) {
                assertEquals("n/a", figure.getValue(), figure.getKey());
            } else {
                assertEquals(value.asDouble(), Double.parseDouble(figure.getValue()), 0.0005, figure.getKey());
            }
        }
        assertEquals(2 * 10 * 4 + 10 * 4 + 2 * 2 * metrics.get("models").get(0).get("subgroups").size(), figures.size(),
                "smooth calibration: 10 points of 4 figures per model; decision curve every 5%; subgroup calibration");
        Map<String, String> counts = readBack(dom, "count");
        assertFalse(counts.isEmpty());
        for (Map.Entry<String, String> count : counts.entrySet()) {
            long n = model(metrics, count.getKey()).at(pointer(count.getKey())).asLong();
            assertEquals(n > 0 && n < 11 ? "<11" : Long.toString(n), count.getValue(), count.getKey());
        }
        Map<String, String> runs = readBack(dom, "run");
        assertEquals("0.812", runs.get("20261201T020000Z/testAuroc"));
        assertEquals("0.934", runs.get("20261201T020000Z/calibrationSlope"));
        assertEquals("0.048", runs.get("20261202T020000Z/ece"));
        assertEquals("0.055", runs.get("20261202T020000Z/prevalence"));
        assertEquals(2 * 5, runs.size());
        Matcher degradedRun = Pattern.compile("<tr><td class=\"l\">20261202T020000Z</td>.*?</tr>").matcher(html);
        assertTrue(degradedRun.find());
        assertTrue(degradedRun.group().contains("<td>&lt;11</td>") && degradedRun.group().contains(
                "cannot be judged on this data"), "the run on 7 positive patients: " + degradedRun.group());

        // report --summary: the path and the key figures, each with the positive patients it rests on.
        JsonNode written = new ObjectMapper().readTree(summary.toJson());
        assertEquals(reportPath, written.get("report").asText());
        for (int m = 0; m < 2; m++) {
            JsonNode evaluated = metrics.get("models").get(m);
            JsonNode headline = written.get("models").get(m);
            assertEquals(evaluated.get("model").asText(), headline.get("model").asText());
            JsonNode auroc = headline.get("metrics").get(0);
            assertEquals("AUROC", auroc.get("metric").asText());
            assertEquals(evaluated.get("metrics").get("auroc").get("value").asDouble(), auroc.get("value").asDouble());
            assertEquals(evaluated.get("positivePatients").asLong(), auroc.get("patients").asLong());
            assertEquals("positive patients", auroc.get("patientsCounted").asText());
            assertEquals(evaluated.get("judgeable").asBoolean(), auroc.get("judgeable").asBoolean());
        }
    }

    /** What evaluate writes when it explains the fixture's network (the fixture has predictions but no network). */
    private static JsonNode writeExplanations(Path warehouse) throws Exception {
        Path evaluation = warehouse.resolve("evaluations/" + PredictionFixture.TASK + "/" + PredictionFixture.NETWORK);
        String version = new ObjectMapper().readTree(evaluation.resolve("metrics.json").toFile())
                .get("models").get(0).get("modelVersion").asText();
        String json = """
                {"task": "%s", "model": "%s", "modelVersion": "%s", "split": "test", "steps": 32, "samples": 150,
                 "positivePatients": 30, "judgeable": true,
                 "completeness": {"meanAbsoluteDifference": 0.1234, "meanAbsoluteGap": 0.0012},
                 "comprehensiveness": {"k": 5, "samples": 148, "topDrop": 0.0421, "randomDrop": 0.0057, "margin": 0.0364},
                 "topCodes": [
                   {"token": "http://loinc.org|2823-3#q5/5", "description": "Potassium", "meanAbsoluteAttribution": 0.0312,
                    "meanAttribution": 0.0301, "samples": 40},
                   {"token": "http://snomed.info/sct|1", "description": null, "meanAbsoluteAttribution": 0.0101,
                    "meanAttribution": -0.0042, "samples": 7}],
                 "baselineCoefficients": [
                   {"token": "http://snomed.info/sct|1", "description": null, "coefficient": -1.2345},
                   {"token": "http://loinc.org|2823-3#q5/5", "description": "Potassium", "coefficient": 0.9876}]}
                """.formatted(PredictionFixture.TASK, PredictionFixture.NETWORK, version);
        Files.writeString(evaluation.resolve("explanations.json"), json);
        return new ObjectMapper().readTree(json);
    }

    @Test
    void aCountOfFiveInAttritionAndTableOneIsShownAsBelowElevenAndSwitchingThatOffIsStated(SparkSession spark,
                                                                                          @TempDir Path warehouse)
            throws Exception {
        PredictionFixture.write(spark, warehouse, PredictionFixture.samples(300, 5));
        var config = LongitudeConfigLoader.load(null, List.of());
        new EvaluateJob(EvaluateConfig.from(config, warehouse.toString(), PredictionFixture.TASK,
                PredictionFixture.NETWORK)).run(spark);
        // Five positive samples from five patients (three women), 40 negatives; an attrition step leaves 5.
        List<Row> cohort = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            cohort.add(RowFactory.create("s" + i, "p" + i, "test", new Timestamp(0), i < 5 ? 1 : 0,
                    i < 3 || i >= 30 ? "female" : "male", 60 + i));
        }
        spark.createDataFrame(cohort, new StructType().add("sampleId", DataTypes.StringType)
                        .add("patientKey", DataTypes.StringType).add("split", DataTypes.StringType)
                        .add("indexTime", DataTypes.TimestampType).add("label", DataTypes.IntegerType)
                        .add("sex", DataTypes.StringType).add("ageAtIndex", DataTypes.IntegerType))
                .write().mode(SaveMode.Overwrite).parquet(warehouse.resolve("tables/cohorts/" + PredictionFixture.TASK
                        + "/samples").toString());
        Files.writeString(warehouse.resolve("runs/20261125T170000Z/cohort-" + PredictionFixture.TASK + ".json"),
                "{\"attrition\":[{\"step\":\"all stays\",\"remaining\":45},"
                        + "{\"step\":\"step leaving five\",\"remaining\":5}]}");

        String suppressed = Files.readString(Path.of(new ReportJob(ReportConfig.from(config, warehouse.toString(),
                PredictionFixture.TASK, PredictionFixture.NETWORK)).run(spark).path()));
        assertTrue(suppressed.contains("<td class=\"l\">step leaving five</td><td>&lt;11</td>"), "attrition");
        assertTrue(tableOneRow(suppressed, "Samples").equals("<td>40</td><td>&lt;11</td>"), tableOneRow(suppressed, "Samples"));
        assertTrue(tableOneRow(suppressed, "Patients").equals("<td>40</td><td>&lt;11</td>"));
        assertTrue(tableOneRow(suppressed, "Female, n (%)").endsWith("<td>&lt;11</td>"), "3 women among the positives");
        assertTrue(tableOneRow(suppressed, "Age at index, mean (SD)").endsWith("<td>suppressed</td>"));
        assertTrue(suppressed.contains("are shown as &lt;11 (small-cell suppression)"));
        assertFalse(suppressed.contains("Small-cell suppression is OFF"));

        String unsuppressed = Files.readString(Path.of(new ReportJob(ReportConfig.from(
                LongitudeConfigLoader.load(null, List.of("report.small-cell-threshold=1")), warehouse.toString(),
                PredictionFixture.TASK, PredictionFixture.NETWORK)).run(spark).path()));
        assertTrue(unsuppressed.contains("<p class=\"warn\">Small-cell suppression is OFF"), "switching it off is stated");
        assertTrue(unsuppressed.contains("<td class=\"l\">step leaving five</td><td>5</td>"));
        assertEquals("<td>40</td><td>5</td>", tableOneRow(unsuppressed, "Samples"));
    }

    private static void writeManifest(Path warehouse, String runId, String status, double auroc, double slope,
                                      double ece, double prevalence, long positivePatients, boolean judgeable)
            throws Exception {
        Files.createDirectories(warehouse.resolve("runs/" + runId));
        Files.writeString(warehouse.resolve("runs/" + runId + "/manifest.json"), """
                {"runId": "%s", "status": "%s", "stages": [{"stage": "evaluate", "task": "%s", "model": "%s",
                 "status": "ok", "testAuroc": %s, "baselineTestAuroc": 0.7, "testPatients": %d, "testJudgeable": %s,
                 "testCalibrationSlope": %s, "testEce": %s, "testPrevalence": %s}]}
                """.formatted(runId, status, PredictionFixture.TASK, PredictionFixture.NETWORK, auroc, positivePatients,
                judgeable, slope, ece, prevalence));
    }

    /** The probe's lines {@code <kind> <key>=<shown text>}, as a map. */
    private static Map<String, String> readBack(String dom, String kind) {
        Map<String, String> shown = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^" + kind + " (\\S+?)=([^\\n<]*)").matcher(dom);
        while (line.find()) {
            shown.put(line.group(1), line.group(2).trim().replace("&lt;", "<"));
        }
        return shown;
    }

    /** The metrics.json entry of the model a read-back key ({@code <model>/<JSON pointer>}) starts with. */
    private static JsonNode model(JsonNode metrics, String key) {
        String name = key.substring(0, key.indexOf('/'));
        for (JsonNode model : metrics.get("models")) {
            if (model.get("model").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError("no model " + name + " in metrics.json");
    }

    private static String pointer(String key) {
        return key.substring(key.indexOf('/'));
    }

    /** The cells of one Table 1 row, after its label cell. */
    private static String tableOneRow(String html, String label) {
        Matcher row = Pattern.compile("<tr><td class=\"l\">" + Pattern.quote(label) + "</td>(.*?)</tr>").matcher(html);
        assertTrue(row.find(), "Table 1 has a row " + label);
        return row.group(1);
    }
}
