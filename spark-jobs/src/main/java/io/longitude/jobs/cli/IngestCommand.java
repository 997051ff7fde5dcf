package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.ingest.IngestSummary;
import io.longitude.jobs.ingest.MedsIngestJob;
import io.longitude.jobs.ingest.MedsIngestSummary;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Parse FHIR R4 bundles and Bulk Data NDJSON into visit sequences and flat tables (Parquet).",
                "With --input-format meds, build the same tables from MEDS datasets instead (each --input a dataset's root)."})
public final class IngestCommand implements Callable<Integer> {

    private static final String FHIR = "fhir";
    private static final String MEDS = "meds";

    @Mixin
    CommonOptions common;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Files or folders (searched recursively) of *.json[.gz] bundles and *.ndjson[.gz]; "
                    + "with --input-format meds, MEDS datasets' root folders.")
    List<String> inputs;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = FHIR,
            description = "fhir (default): FHIR R4 files; meds: MEDS 0.4 datasets (data/**/*.parquet, metadata/).")
    String inputFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!inputFormat.equals(FHIR) && !inputFormat.equals(MEDS)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --input-format '" + inputFormat
                    + "': use " + FHIR + " or " + MEDS);
        }
        Config config = LongitudeConfigLoader.load(common.config(), common.overrides());
        IngestConfig ingestConfig = IngestConfig.from(config, inputs, common.warehouse());
        // A production run without a usable pseudonymisation key stops here, before Spark starts.
        ingestConfig.mode().pseudonymiser(System::getenv);
        SparkSession spark = SparkSession.builder().appName("longitude-ingest").getOrCreate();
        try {
            if (inputFormat.equals(MEDS)) {
                MedsIngestSummary summary = new MedsIngestJob(ingestConfig).run(spark);
                SummaryOutput.write(summary.toJson(), common.summary());
                System.out.println(summary.toReadableText());
                return 0;
            }
            IngestSummary summary = new IngestJob(ingestConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.println(summary.toReadableText());
            return 0;
        } finally {
            spark.stop();
        }
    }
}
