package io.longitude.models.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code <registry>/<task>/<model>/<version>/}: one {@link ModelVersion} per training run, published by its
 * {@code _SUCCESS} marker and then by {@code latest} (a one-line file naming the newest finished version,
 * replaced atomically). A version without {@code _SUCCESS} is unfinished: {@code --resume} continues it.
 * <p>
 * Scoring uses the <em>promoted</em> version, which {@value #PROMOTIONS} beside the versions records: every
 * promotion and rollback with who, when, from, to and why. The first version published is promoted
 * automatically; later ones only by {@link #promote}. A rollback returns to the version promoted before the
 * current one (promotions stack up, rollbacks take them off), so two rollbacks after three promotions land
 * on the first. The registry lives on a file system the driver can write (local disk or a mounted share):
 * DL4J's model files are written through java.io.
 */
public final class ModelRegistry {

    public static final String LATEST = "latest";
    public static final String PROMOTIONS = "promotions.json";
    /** Who promotes the first version of a model. */
    public static final String AUTOMATIC = "longitude train";

    private static final String PROMOTIONS_LOCK = "promotions.lock";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Clock clock;

    public ModelRegistry(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path modelDir(String task, String model) {
        return root.resolve(task).resolve(model);
    }

    public ModelVersion version(String task, String model, String version) {
        return new ModelVersion(modelDir(task, model).resolve(version));
    }

    /** A new version folder named by the registry's clock ({@link ModelVersion#nameFor}). */
    public ModelVersion newVersion(String task, String model) {
        Path dir = modelDir(task, model).resolve(ModelVersion.nameFor(clock.instant()));
        try {
            return new ModelVersion(Files.createDirectories(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The newest version folder that never finished, if any. */
    public Optional<ModelVersion> unfinished(String task, String model) {
        return versionFolders(task, model).reduce((older, newer) -> newer).filter(v -> !v.finished());
    }

    /** Every finished version, oldest first. */
    public List<ModelVersion> finished(String task, String model) {
        return versionFolders(task, model).filter(ModelVersion::finished).toList();
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

    /** The version that scores: the one the promotion history ends on. */
    public Optional<ModelVersion> promoted(String task, String model) {
        Path dir = modelDir(task, model);
        return Optional.ofNullable(promotedChain(readPromotions(dir)).peek()).map(name -> new ModelVersion(dir.resolve(name)));
    }

    /** Every promotion and rollback, oldest first. */
    public List<Promotion> promotions(String task, String model) {
        return readPromotions(modelDir(task, model));
    }

    /** Marks a version finished, names it {@code latest} and, when none is promoted yet, promotes it. */
    public void publish(ModelVersion version) {
        Path dir = version.dir().getParent();
        try {
            Files.writeString(version.dir().resolve(ModelVersion.SUCCESS), "");
            Path pointer = dir.resolve(LATEST);
            Path tmp = dir.resolve(LATEST + ".tmp");
            Files.writeString(tmp, version.name() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + version.dir(), e);
        }
        withPromotionLock(dir, history -> promotedChain(history).isEmpty()
                ? new Promotion(clock.instant(), AUTOMATIC, Promotion.PROMOTE, null, version.name(),
                        "first trained version, promoted automatically")
                : null);
    }

    /** Makes a finished version the one that scores. */
    public Promotion promote(String task, String model, String version, String by, String reason) {
        Path dir = modelDir(task, model);
        ModelVersion target = new ModelVersion(dir.resolve(version));
        if (!target.finished()) {
            throw new PromotionRefusedException("'" + version + "' is not a finished version of model '" + model
                    + "' for task '" + task + "' (finished: " + finished(task, model).stream().map(ModelVersion::name).toList() + ")");
        }
        return withPromotionLock(dir, history -> {
            String current = promotedChain(history).peek();
            if (version.equals(current)) {
                throw new PromotionRefusedException(version + " is already the promoted version of model '" + model
                        + "' for task '" + task + "'");
            }
            return new Promotion(clock.instant(), by, Promotion.PROMOTE, current, version, reason);
        });
    }

    /** Returns to the version promoted before the current one. */
    public Promotion rollback(String task, String model, String by, String reason) {
        Path dir = modelDir(task, model);
        return withPromotionLock(dir, history -> {
            Deque<String> chain = promotedChain(history);
            String current = chain.poll();
            String previous = chain.peek();
            if (previous == null) {
                throw new PromotionRefusedException("model '" + model + "' for task '" + task + "' has "
                        + (current == null ? "no promoted version" : "no version promoted before " + current)
                        + ": nothing to roll back to");
            }
            if (!new ModelVersion(dir.resolve(previous)).finished()) {
                throw new PromotionRefusedException("cannot roll back to " + previous + ": its folder is gone or unfinished");
            }
            return new Promotion(clock.instant(), by, Promotion.ROLLBACK, current, previous, reason);
        });
    }

    /** The promoted versions as a stack: the top scores, the one below is where a rollback returns. */
    private static Deque<String> promotedChain(List<Promotion> history) {
        Deque<String> chain = new ArrayDeque<>();
        for (Promotion p : history) {
            if (Promotion.ROLLBACK.equals(p.action())) {
                chain.poll();
            } else {
                chain.push(p.to());
            }
        }
        return chain;
    }

    private interface HistoryStep {
        /** The promotion to append, or null to leave the history as it is. */
        Promotion next(List<Promotion> history);
    }

    /** Reads, extends and rewrites the history under a file lock, so that two processes cannot lose a change. */
    private static Promotion withPromotionLock(Path dir, HistoryStep step) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(PROMOTIONS_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                List<Promotion> history = new ArrayList<>(readPromotions(dir));
                Promotion next = step.next(history);
                if (next != null) {
                    history.add(next);
                    writePromotions(dir, history);
                }
                return next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + dir.resolve(PROMOTIONS), e);
        }
    }

    private static List<Promotion> readPromotions(Path dir) {
        Path file = dir.resolve(PROMOTIONS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<Promotion> history = new ArrayList<>();
            for (JsonNode p : JSON.readTree(file.toFile())) {
                history.add(Promotion.fromJson(p));
            }
            return history;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writePromotions(Path dir, List<Promotion> history) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        history.forEach(p -> p.writeTo(array.addObject()));
        Path tmp = dir.resolve(PROMOTIONS + ".tmp");
        JSON.writeValue(tmp.toFile(), array);
        Files.move(tmp, dir.resolve(PROMOTIONS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The version folders of a model, oldest first (names sort by training time). */
    private Stream<ModelVersion> versionFolders(String task, String model) {
        Path dir = modelDir(task, model);
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(ModelVersion::new).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
