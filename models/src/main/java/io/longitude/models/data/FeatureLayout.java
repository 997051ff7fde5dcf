package io.longitude.models.data;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What the input and target tensors mean: the code vocabulary (size and a hash of its entries in id
 * order), the names of the numeric features in feature order and, for next-visit tasks, the target
 * vocabulary. The network input at each step is {@code [multi-hot codes | numeric features]}, so
 * {@link #inputSize()} = vocabulary size + number of numeric features.
 *
 * <p>A saved model records its layout; loading it against data with another layout is refused.
 */
public record FeatureLayout(int vocabularySize, String vocabularyHash, List<String> numericFeatures,
                            int targetVocabularySize, String targetVocabularyHash) implements Serializable {

    public FeatureLayout {
        if (vocabularySize <= 0) {
            throw new IllegalArgumentException("vocabularySize must be positive, got " + vocabularySize);
        }
        Objects.requireNonNull(vocabularyHash, "vocabularyHash");
        numericFeatures = List.copyOf(numericFeatures);
        if (targetVocabularySize < 0) {
            throw new IllegalArgumentException("targetVocabularySize must be >= 0, got " + targetVocabularySize);
        }
        if (targetVocabularySize > 0) {
            Objects.requireNonNull(targetVocabularyHash, "targetVocabularyHash");
        }
    }

    /** Layout for sequence-label tasks (no target vocabulary). */
    public static FeatureLayout forSequenceLabels(List<String> vocabulary, List<String> numericFeatures) {
        return new FeatureLayout(vocabulary.size(), hashVocabulary(vocabulary), numericFeatures, 0, null);
    }

    /** Layout for next-visit tasks, whose targets come from {@code targetVocabulary}. */
    public static FeatureLayout forNextVisit(List<String> vocabulary, List<String> numericFeatures,
                                             List<String> targetVocabulary) {
        return new FeatureLayout(vocabulary.size(), hashVocabulary(vocabulary), numericFeatures,
                targetVocabulary.size(), hashVocabulary(targetVocabulary));
    }

    /** SHA-256 over the vocabulary entries in id order (entry i has id i). */
    public static String hashVocabulary(List<String> entriesInIdOrder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String entry : entriesInIdOrder) {
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    public int numericCount() {
        return numericFeatures.size();
    }

    public int inputSize() {
        return vocabularySize + numericFeatures.size();
    }

    /**
     * Every difference between this layout (the model's) and {@code data}'s, one readable line each;
     * empty when they match.
     */
    public List<String> differencesFrom(FeatureLayout data) {
        List<String> out = new ArrayList<>();
        if (vocabularySize != data.vocabularySize) {
            out.add("vocabulary size: model " + vocabularySize + ", data " + data.vocabularySize);
        }
        if (!vocabularyHash.equals(data.vocabularyHash)) {
            out.add("vocabulary hash: model " + vocabularyHash + ", data " + data.vocabularyHash);
        }
        if (!numericFeatures.equals(data.numericFeatures)) {
            out.add("numeric features: model " + numericFeatures + ", data " + data.numericFeatures);
        }
        if (targetVocabularySize != data.targetVocabularySize) {
            out.add("target vocabulary size: model " + targetVocabularySize + ", data " + data.targetVocabularySize);
        }
        if (!Objects.equals(targetVocabularyHash, data.targetVocabularyHash)) {
            out.add("target vocabulary hash: model " + targetVocabularyHash + ", data " + data.targetVocabularyHash);
        }
        return out;
    }
}
