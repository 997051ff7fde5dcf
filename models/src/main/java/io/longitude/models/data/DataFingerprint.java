package io.longitude.models.data;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An order-independent hash of a set of examples (ids, codes, numeric features, labels, targets):
 * the per-example SHA-256 digests are summed, so partitions can be fingerprinted separately and
 * {@link #merge merged} in any order (e.g. in a Spark {@code aggregate}) with the same result as one
 * pass. Two training sets with the same fingerprint are, for practical purposes, the same data. A class, not a
 * record: Spark's Kryo cannot serialise records.
 */
public final class DataFingerprint implements Serializable {
    private static final long serialVersionUID = 1L;

    private long high;
    private long low;
    private long count;

    public static DataFingerprint of(Iterable<VisitSequenceExample> examples) {
        DataFingerprint fp = new DataFingerprint();
        for (VisitSequenceExample e : examples) {
            fp.add(e);
        }
        return fp;
    }

    public DataFingerprint add(VisitSequenceExample e) {
        ByteBuffer digest = ByteBuffer.wrap(digest(e));
        high += digest.getLong();
        low += digest.getLong();
        count++;
        return this;
    }

    public DataFingerprint merge(DataFingerprint other) {
        high += other.high;
        low += other.low;
        count += other.count;
        return this;
    }

    public long count() {
        return count;
    }

    /** {@code <count>-<32 hex digits>}. */
    public String hex() {
        return count + "-" + String.format("%016x%016x", high, low);
    }

    /**
     * What a training run records and a resumed run must match: this fingerprint of the training split with the
     * hashes of the vocabularies its code and target ids refer to (after a cohort rebuild the same ids may name
     * other codes).
     */
    public String withVocabularies(FeatureLayout layout) {
        String targets = layout.targetVocabularySize() > 0 ? layout.targetVocabularyHash() + ":" : "";
        return layout.vocabularyHash() + ":" + targets + hex();
    }

    private static byte[] digest(VisitSequenceExample e) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every JVM", ex);
        }
        sha.update(e.id().getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.allocate(16);
        buf.putInt(e.length()).putInt(e.hasLabel() ? e.label() : -1);
        sha.update(buf.array(), 0, 8);
        for (int t = 0; t < e.length(); t++) {
            updateInts(sha, e.codes(t));
            for (float x : e.numeric(t)) {
                buf.clear();
                buf.putFloat(x);
                sha.update(buf.array(), 0, 4);
            }
            if (e.hasVisitTargets()) {
                updateInts(sha, e.targets(t));
            }
        }
        return sha.digest();
    }

    private static void updateInts(MessageDigest sha, int[] values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * (values.length + 1));
        buf.putInt(values.length);
        for (int v : values) {
            buf.putInt(v);
        }
        sha.update(buf.array());
    }
}
