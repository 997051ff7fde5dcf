package io.longitude.jobs.run;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.config.BadInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input files a run sees (file key, size, modification time), listed through Hadoop's file system
 * without reading them. Two inventories are equal when no file was added, removed or rewritten. Files are
 * named by their pseudonymous key ({@link Pseudonymiser#fileKey}): the inventory goes into the run manifest,
 * and file names can name patients.
 */
final class InputInventory {

    private InputInventory() {
    }

    static List<Map<String, Object>> of(List<String> inputs, Configuration hadoop, Pseudonymiser pseudonymiser) {
        List<LocatedFileStatus> files = new ArrayList<>();
        try {
            for (String input : inputs) {
                Path path = new Path(input);
                FileSystem fs = path.getFileSystem(hadoop);
                if (!fs.exists(path)) {
                    throw new BadInputException("input " + input + " does not exist");
                }
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
                while (it.hasNext()) {
                    LocatedFileStatus status = it.next();
                    String name = status.getPath().getName();
                    if (name.startsWith(".") || name.startsWith("_")) {
                        continue;
                    }
                    files.add(status);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the inputs", e);
        }
        files.sort(Comparator.comparing(status -> status.getPath().toString()));
        List<Map<String, Object>> inventory = new ArrayList<>();
        for (LocatedFileStatus status : files) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("fileKey", pseudonymiser.fileKey(status.getPath().toString()));
            file.put("size", status.getLen());
            file.put("modified", status.getModificationTime());
            inventory.add(file);
        }
        return inventory;
    }
}
