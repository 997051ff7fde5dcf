package io.longitude.jobs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The SHA-256 of every file under a folder, by relative path: equal maps mean byte-identical folders. */
public final class DirectoryFingerprints {

    private DirectoryFingerprints() {
    }

    public static Map<String, String> of(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    hashes.put(dir.relativize(file).toString(), HexFormat.of().formatHex(digest.digest(in.readAllBytes())));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return hashes;
    }
}
