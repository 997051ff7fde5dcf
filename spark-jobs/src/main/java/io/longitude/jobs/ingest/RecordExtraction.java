package io.longitude.jobs.ingest;

import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.FhirFileReader;
import io.longitude.ingest.InputFormat;
import io.longitude.ingest.RejectReason;
import io.longitude.ingest.RejectRecord;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads the files (paths) of one partition into records, one HAPI parser for the whole partition. Files
 * are opened one at a time through Hadoop's file system and streamed: NDJSON is never held whole in memory.
 */
final class RecordExtraction implements FlatMapFunction<Iterator<String>, ExtractedRecord> {

    /** Test-only fault injection: {@code extraction:<partition>} makes the first attempt of that task throw. */
    static final String FAIL_FIRST_ATTEMPT = "spark.longitude.faultInjection.failFirstAttempt";

    private final int maxLineBytes;
    private final int maxBundleBytes;
    private final SerializableConfiguration hadoop;

    RecordExtraction(int maxLineBytes, int maxBundleBytes, SerializableConfiguration hadoop) {
        this.maxLineBytes = maxLineBytes;
        this.maxBundleBytes = maxBundleBytes;
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<ExtractedRecord> call(Iterator<String> files) {
        failFirstAttemptIfAsked();
        FhirFileReader reader = new FhirFileReader(maxLineBytes, maxBundleBytes, FhirFileReader.DEFAULT_MAX_BUNDLE_DEPTH);
        return new Iterator<>() {
            private Iterator<ExtractedRecord> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && files.hasNext()) {
                    current = open(reader, files.next());
                }
                return current.hasNext();
            }

            @Override
            public ExtractedRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private static void failFirstAttemptIfAsked() {
        TaskContext task = TaskContext.get();
        String target = task == null || SparkEnv.get() == null ? null : SparkEnv.get().conf().get(FAIL_FIRST_ATTEMPT, null);
        if (target != null && target.equals("extraction:" + task.partitionId()) && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure: first attempt of extraction partition " + task.partitionId());
        }
    }

    private Iterator<ExtractedRecord> open(FhirFileReader reader, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Optional<InputFormat> format = InputFormat.ofFileName(name);
        if (format.isEmpty()) {
            return Collections.singletonList(unsupported(path)).iterator();
        }
        Path file = new Path(path);
        try {
            return reader.read(path, format.get(), file.getFileSystem(hadoop.value()).open(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an input file", e);
        }
    }

    private static ExtractedRecord unsupported(String path) {
        RejectRecord reject = new RejectRecord();
        reject.setSourceFile(path);
        reject.setReason(RejectReason.UNSUPPORTED_FILE.name());
        reject.setMessage("not a FHIR bundle (.json[.gz]) or Bulk Data file (.ndjson[.gz])");
        ExtractedRecord record = new ExtractedRecord();
        record.setOutcome(ExtractedRecord.REJECTED);
        record.setSourceFile(path);
        record.setReject(reject);
        return record;
    }
}
