package io.longitude.jobs.ingest;

import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.FhirFileReader;
import io.longitude.ingest.InputFormat;
import io.longitude.ingest.RejectReason;
import io.longitude.ingest.RejectRecord;
import org.apache.hadoop.fs.Path;
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
