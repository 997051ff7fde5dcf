package io.longitude.models.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code <registry>/<task>/<model>/<version>/}: one {@link ModelVersion} per training run, published by its
 * {@code _SUCCESS} marker and then by {@code latest} (a one-line file naming the newest finished version,
 * replaced atomically). A version without {@code _SUCCESS} is unfinished: {@code --resume} continues it.
 * The registry lives on a file system the driver can write (local disk or a mounted share): DL4J's
 * model files are written through java.io.
 */
public final class ModelRegistry {

    public static final String LATEST = "latest";

    private final Path root;

    public ModelRegistry(Path root) {
        this.root = root;
    }

    public Path modelDir(String task, String model) {
        return root.resolve(task).resolve(model);
    }

    public ModelVersion version(String task, String model, String version) {
        return new ModelVersion(modelDir(task, model).resolve(version));
    }

    public ModelVersion newVersion(String task, String model, String version) {
        Path dir = modelDir(task, model).resolve(version);
        try {
            return new ModelVersion(Files.createDirectories(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The newest version folder that never finished, if any. */
    public Optional<ModelVersion> unfinished(String task, String model) {
        Path dir = modelDir(task, model);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(ModelVersion::new)
                    .filter(v -> !v.finished());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The newest finished version, as {@code latest} names it. */
    public Optional<ModelVersion> latest(String task, String model) {
        Path pointer = modelDir(task, model).resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            return Optional.of(version(task, model, Files.readString(pointer).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    public void publish(ModelVersion version) {
        try {
            Files.writeString(version.dir().resolve(ModelVersion.SUCCESS), "");
            Path pointer = version.dir().getParent().resolve(LATEST);
            Path tmp = version.dir().getParent().resolve(LATEST + ".tmp");
            Files.writeString(tmp, version.name() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + version.dir(), e);
        }
    }
}
