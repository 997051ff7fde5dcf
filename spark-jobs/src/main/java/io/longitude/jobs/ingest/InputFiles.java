package io.longitude.jobs.ingest;

import io.longitude.config.BadInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the files under the inputs (paths or globs, folders descended into), skipping hidden names
 * ({@code .x}, {@code _x}) as Hadoop's input formats do. Only the file system's metadata is read.
 */
final class InputFiles {

    private InputFiles() {
    }

    static List<InputFile> list(List<String> inputs, Configuration hadoop) {
        List<InputFile> files = new ArrayList<>();
        try {
            for (String input : inputs) {
                Path path = new Path(input);
                FileSystem fs = path.getFileSystem(hadoop);
                FileStatus[] matches = fs.globStatus(path);
                if (matches == null || matches.length == 0) {
                    throw new BadInputException("input " + input + " does not exist");
                }
                for (FileStatus match : matches) {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                    while (it.hasNext()) {
                        LocatedFileStatus status = it.next();
                        String name = status.getPath().getName();
                        if (!name.startsWith(".") && !name.startsWith("_")) {
                            files.add(new InputFile(status.getPath().toString(), status.getLen(),
                                    status.getModificationTime()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the inputs", e);
        }
        if (files.isEmpty()) {
            throw new BadInputException("no input files under " + inputs);
        }
        files.sort(Comparator.comparing(InputFile::path));
        return files.stream().distinct().toList();
    }
}
