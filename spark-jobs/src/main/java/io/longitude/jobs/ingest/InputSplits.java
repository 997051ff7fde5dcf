package io.longitude.jobs.ingest;

import io.longitude.fhir.InputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Ingest's input, from the files a run reads to the pieces its tasks read. Bundles and gzip are read whole
 * (neither can be cut); an uncompressed NDJSON file larger than the split size (a Bulk Data export's
 * Observation.ndjson can be gigabytes) is cut into byte ranges so that several cores read it. A range's records
 * keep their line numbers in the file: one cheap pass counts the line breaks of every range before the ranges
 * are parsed.
 */
final class InputSplits {

    private InputSplits() {
    }

    /**
     * One split per file, except uncompressed NDJSON larger than {@code splitBytes}: consecutive ranges of
     * {@code splitBytes}. A file is taken as uncompressed when its name does not end in {@code .gz} and its first
     * bytes are not gzip's (the reader gunzips by content whatever the name).
     */
    static List<InputSplit> plan(Configuration hadoop, List<InputFile> files, long splitBytes) {
        if (splitBytes < 1) {
            throw new IllegalArgumentException("split size must be positive, got " + splitBytes);
        }
        List<InputSplit> splits = new ArrayList<>();
        for (InputFile file : files) {
            String path = file.path();
            InputFormat format = InputFormat.ofFileName(path).orElse(null);
            long length = file.size();
            if (format != InputFormat.NDJSON || length <= splitBytes
                    || path.toLowerCase(Locale.ROOT).endsWith(".gz") || startsLikeGzip(hadoop, new Path(path))) {
                splits.add(InputSplit.wholeFile(path, format, length));
                continue;
            }
            for (long start = 0; start < length; start += splitBytes) {
                splits.add(InputSplit.range(path, start, Math.min(splitBytes, length - start), length));
            }
        }
        return splits;
    }

    private static boolean startsLikeGzip(Configuration hadoop, Path path) {
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input file " + path.getName(), e);
        }
    }

    /**
     * The splits with each range's line numbering and its file's blankness, from one Spark pass that counts line
     * breaks in the ranges (no parsing: it runs at I/O speed). No job runs when no file was cut.
     */
    static List<InputSplit> locateLines(JavaSparkContext jsc, SerializableConfiguration hadoop, List<InputSplit> splits) {
        List<InputSplit> ranges = splits.stream().filter(InputSplit::ranged).toList();
        if (ranges.isEmpty()) {
            return splits;
        }
        Map<String, Long> fileLengths = new LinkedHashMap<>();
        for (InputSplit r : ranges) {
            fileLengths.merge(r.path(), r.end(), Math::max);
        }
        List<long[]> scans = jsc.parallelize(ranges, ranges.size())
                .map(r -> scan(hadoop.value(), r, fileLengths.get(r.path())))
                .collect();

        Map<String, Boolean> blankFiles = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            blankFiles.merge(ranges.get(i).path(), scans.get(i)[1] == 0, Boolean::logicalAnd);
        }
        Map<String, Long> newlinesSoFar = new LinkedHashMap<>();
        List<InputSplit> located = new ArrayList<>(splits.size());
        int scanned = 0;
        for (InputSplit split : splits) {
            if (!split.ranged()) {
                located.add(split);
                continue;
            }
            long before = newlinesSoFar.getOrDefault(split.path(), 0L);
            located.add(split.located(before, blankFiles.get(split.path())));
            newlinesSoFar.put(split.path(), before + scans.get(scanned++)[0]);
        }
        return located;
    }

    /**
     * Line breaks in {@code [start - 1, end - 1)} (from 0 for the first range) and whether any byte of
     * {@code [start - 1, end)} (to the file's end for the last range) is neither blank nor a line break. The
     * ranges of a file scanned this way tile it, so prefix sums of the counts number every range's lines.
     */
    private static long[] scan(Configuration hadoop, InputSplit range, long fileLength) throws IOException {
        long from = Math.max(0, range.start() - 1);
        long countUntil = range.end() - 1;
        long until = range.end() == fileLength ? fileLength : countUntil;
        long newlines = 0;
        long content = 0;
        byte[] buffer = new byte[1 << 16];
        Path path = new Path(range.path());
        try (FSDataInputStream in = path.getFileSystem(hadoop).open(path)) {
            in.seek(from);
            long position = from;
            while (position < until) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, until - position));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (position + i < countUntil) {
                            newlines++;
                        }
                    } else if (content == 0 && b != ' ' && b != '\t' && b != '\r') {
                        content = 1;
                    }
                }
                position += n;
            }
        }
        return new long[]{newlines, content};
    }

    /**
     * The splits as an RDD of {@code partitions} partitions (at most one per split) balanced by bytes: largest
     * split first, each to the lightest partition.
     */
    static JavaRDD<InputSplit> distribute(JavaSparkContext jsc, List<InputSplit> splits, int partitions) {
        int n = Math.max(1, Math.min(partitions, splits.size()));
        List<List<InputSplit>> groups = new ArrayList<>();
        PriorityQueue<long[]> lightest = new PriorityQueue<>(Comparator.<long[]>comparingLong(g -> g[0])
                .thenComparingLong(g -> g[1]));
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
            lightest.add(new long[]{0, i});
        }
        List<InputSplit> bySize = new ArrayList<>(splits);
        bySize.sort(Comparator.comparingLong(InputSplit::length).reversed().thenComparing(InputSplit::path)
                .thenComparingLong(InputSplit::start));
        for (InputSplit split : bySize) {
            long[] group = lightest.poll();
            groups.get((int) group[1]).add(split);
            group[0] += split.length();
            lightest.add(group);
        }
        return jsc.parallelize(groups, n).flatMap(List::iterator);
    }
}
