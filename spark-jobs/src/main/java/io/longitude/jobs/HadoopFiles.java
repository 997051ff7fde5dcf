package io.longitude.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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

    public static String readString(Configuration hadoop, String path) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
