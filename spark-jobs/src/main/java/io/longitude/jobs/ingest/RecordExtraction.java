package io.longitude.jobs.ingest;

import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.FhirFileReader;
import io.longitude.ingest.InputFormat;
import io.longitude.ingest.RejectReason;
import io.longitude.ingest.RejectRecord;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import scala.Tuple2;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads the files of one partition into records, one HAPI parser for the whole partition. Files are
 * opened one at a time and streamed: NDJSON is never held whole in memory.
 */
final class RecordExtraction implements FlatMapFunction<Iterator<Tuple2<String, PortableDataStream>>, ExtractedRecord> {

    /** Test-only fault injection: {@code extraction:<partition>} makes the first attempt of that task throw. */
    static final String FAIL_FIRST_ATTEMPT = "spark.longitude.faultInjection.failFirstAttempt";

    private final int maxLineBytes;
    private final int maxBundleBytes;

    RecordExtraction(int maxLineBytes, int maxBundleBytes) {
        this.maxLineBytes = maxLineBytes;
        this.maxBundleBytes = maxBundleBytes;
    }

    @Override
    public Iterator<ExtractedRecord> call(Iterator<Tuple2<String, PortableDataStream>> files) {
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

    private static Iterator<ExtractedRecord> open(FhirFileReader reader, Tuple2<String, PortableDataStream> file) {
        String path = file._1();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Optional<InputFormat> format = InputFormat.ofFileName(name);
        if (format.isEmpty()) {
            return Collections.singletonList(unsupported(path)).iterator();
        }
        return reader.read(path, format.get(), file._2().open());
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
