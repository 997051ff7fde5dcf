package io.longitude.jobs.ingest;

import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.FhirFileReader;
import io.longitude.fhir.RejectReason;
import io.longitude.fhir.RejectRecord;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads the splits of one partition into records, one HAPI parser for the whole partition. Splits are opened
 * one at a time and streamed: neither NDJSON nor a bundle is ever held whole in memory.
 */
final class SplitExtraction implements FlatMapFunction<Iterator<InputSplit>, ExtractedRecord> {

    /** Test-only fault injection: {@code extraction:<partition>} makes the first attempt of that task throw. */
    static final String FAIL_FIRST_ATTEMPT = "spark.longitude.faultInjection.failFirstAttempt";

    private final SerializableConfiguration hadoop;
    private final int maxLineBytes;
    private final int maxEntryBytes;
    private final ReadCounters counters;

    SplitExtraction(SerializableConfiguration hadoop, int maxLineBytes, int maxEntryBytes, ReadCounters counters) {
        this.hadoop = hadoop;
        this.maxLineBytes = maxLineBytes;
        this.maxEntryBytes = maxEntryBytes;
        this.counters = counters;
    }

    @Override
    public Iterator<ExtractedRecord> call(Iterator<InputSplit> splits) {
        failFirstAttemptIfAsked();
        FhirFileReader reader = new FhirFileReader(maxLineBytes, maxEntryBytes, FhirFileReader.DEFAULT_MAX_BUNDLE_DEPTH);
        return new Iterator<>() {
            private Iterator<ExtractedRecord> current = Collections.emptyIterator();
            private InputSplit reading;

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (reading != null) {
                        counters.splitRead(reading);
                        reading = null;
                    }
                    if (!splits.hasNext()) {
                        return false;
                    }
                    reading = splits.next();
                    current = open(reader, reading);
                }
                return true;
            }

            @Override
            public ExtractedRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                counters.recordRead();
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

    private Iterator<ExtractedRecord> open(FhirFileReader reader, InputSplit split) {
        if (split.format() == null) {
            return Collections.singletonList(unsupported(split.path())).iterator();
        }
        Path path = new Path(split.path());
        if (!split.ranged()) {
            return reader.read(split.path(), split.format(), () -> path.getFileSystem(hadoop.value()).open(path));
        }
        FSDataInputStream in;
        try {
            in = path.getFileSystem(hadoop.value()).open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an input file", e);
        }
        try {
            if (split.start() > 0) {
                in.seek(split.start() - 1);
            }
        } catch (IOException e) {
            IOUtils.closeStream(in);
            throw new UncheckedIOException("cannot seek in an input file", e);
        }
        return reader.readNdjsonRange(split.path(), in, split.start(), split.end(), split.newlinesBefore(),
                split.fileBlank());
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
