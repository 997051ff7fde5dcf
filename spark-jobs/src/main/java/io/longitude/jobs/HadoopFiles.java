package io.longitude.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/** Small whole-file reads and writes on any Hadoop file system (the warehouse may live on HDFS or S3). */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    public static void writeString(Configuration hadoop, String path, String content) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(hadoop);
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static boolean exists(Configuration hadoop, String path) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(hadoop).exists(p);
    }

    /** Of the files matching {@code glob}, the one in the last folder by name (run ids sort by time). */
    public static Optional<String> inLastFolder(Configuration hadoop, String glob) throws IOException {
        Path pattern = new Path(glob);
        FileStatus[] found = pattern.getFileSystem(hadoop).globStatus(pattern);
        if (found == null) {
            return Optional.empty();
        }
        return Arrays.stream(found).map(FileStatus::getPath)
                .max(Comparator.comparing(p -> p.getParent().getName()))
                .map(Path::toString);
    }

    public static String readString(Configuration hadoop, String path) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
