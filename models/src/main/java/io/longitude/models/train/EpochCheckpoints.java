package io.longitude.models.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The checkpoints of a training run, one folder per finished epoch, {@code <dir>/epoch-NNN/}: the network with
 * its Adam state and iteration count ({@value #NETWORK}) and the {@link TrainingProgress} ({@value #PROGRESS}).
 * A checkpoint is complete only once its folder has been renamed into place, so a crash mid-write leaves the
 * previous epoch as the latest. Only the latest epoch and the best one are kept.
 */
public final class EpochCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NETWORK = "network.zip";
    private static final String PROGRESS = "progress.json";
    private static final String EPOCH_FOLDER = "epoch-\\d+";

    private final Path dir;

    public EpochCheckpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Saves the network after epoch {@code progress.epochsDone}, then drops every epoch but it and the best. */
    public void save(MultiLayerNetwork network, TrainingProgress progress) {
        Path target = folder(progress.epochsDone);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(tmp);
            ModelSerializer.writeModel(network, tmp.resolve(NETWORK).toFile(), true);
            JSON.writeValue(tmp.resolve(PROGRESS).toFile(), progress);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            List<Path> kept = List.of(target, folder(progress.bestEpoch));
            for (Path epoch : epochFolders()) {
                if (!kept.contains(epoch)) {
                    deleteFolder(epoch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /** Where the newest complete checkpoint left training, if there is one. */
    public Optional<TrainingProgress> latest() {
        return epochFolders().stream().max(Comparator.comparingInt(EpochCheckpoints::epochOf))
                .map(EpochCheckpoints::readProgress);
    }

    /** The network after {@code epoch}, with its optimizer state. */
    public MultiLayerNetwork network(int epoch) {
        Path file = folder(epoch).resolve(NETWORK);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    /** Removes every checkpoint (a run that starts afresh). */
    public void clear() {
        try {
            for (Path epoch : epochFolders()) {
                deleteFolder(epoch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the checkpoints in " + dir, e);
        }
    }

    private Path folder(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
    }

    private List<Path> epochFolders() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().matches(EPOCH_FOLDER)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static int epochOf(Path folder) {
        return Integer.parseInt(folder.getFileName().toString().substring("epoch-".length()));
    }

    private static TrainingProgress readProgress(Path folder) {
        try {
            return JSON.readValue(folder.resolve(PROGRESS).toFile(), TrainingProgress.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + folder, e);
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }
}
