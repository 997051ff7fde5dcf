package io.longitude.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One checkpoint per finished epoch under {@code <version>/checkpoints/epoch-NNN/}: the network with its
 * Adam state and the trainer's {@link TrainingProgress}. A checkpoint is complete only once its folder
 * has been renamed into place, so a crash mid-write leaves the previous epoch as the latest.
 */
final class EpochCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NETWORK = "network.zip";
    private static final String PROGRESS = "progress.json";

    private final Path dir;

    EpochCheckpoints(Path versionDir) {
        this.dir = versionDir.resolve("checkpoints");
    }

    void save(MultiLayerNetwork network, TrainingProgress progress) {
        Path target = dir.resolve(String.format("epoch-%03d", progress.epochsDone()));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(tmp);
            ModelSerializer.writeModel(network, tmp.resolve(NETWORK).toFile(), true);
            JSON.writeValue(tmp.resolve(PROGRESS).toFile(), progress);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    Optional<Path> latest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> epochs = Files.list(dir)) {
            return epochs.filter(p -> p.getFileName().toString().matches("epoch-\\d+"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static MultiLayerNetwork network(Path checkpoint) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(checkpoint.resolve(NETWORK).toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
        }
    }

    static TrainingProgress progress(Path checkpoint) {
        try {
            return JSON.readValue(checkpoint.resolve(PROGRESS).toFile(), TrainingProgress.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
        }
    }
}
