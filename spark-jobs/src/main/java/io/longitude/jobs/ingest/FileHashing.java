package io.longitude.jobs.ingest;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file's path to the SHA-256 of its bytes, computed where the task runs (read through Hadoop's file system). */
final class FileHashing implements PairFunction<String, String, String> {

    private final SerializableConfiguration hadoop;

    FileHashing(SerializableConfiguration hadoop) {
        this.hadoop = hadoop;
    }

    @Override
    public Tuple2<String, String> call(String file) {
        Path path = new Path(file);
        try (FSDataInputStream in = path.getFileSystem(hadoop.value()).open(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return new Tuple2<>(file, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash an input file", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
