package io.longitude.fhir;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed pseudonyms (HMAC-SHA-256, lowercase hex) of source references. Serializable so that it can travel in
 * Spark closures: only the key bytes are serialised, each thread builds its own {@link Mac} on first use.
 */
public final class Pseudonymiser implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Pseudonymiser.class);
    private static final AtomicBoolean WARNED_DEVELOPMENT_KEY = new AtomicBoolean();
    private static final String ALGORITHM = "HmacSHA256";

    public static final String KEY_ENVIRONMENT_VARIABLE = "LONGITUDE_PSEUDONYM_KEY";
    static final int MIN_KEY_BYTES = 16;
    private static final byte[] DEVELOPMENT_KEY =
            "longitude-DEVELOPMENT-ONLY-pseudonym-key-do-not-use-on-real-data".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;
    private transient volatile ThreadLocal<Mac> macs;

    /** @param key at least {@value #MIN_KEY_BYTES} bytes */
    public Pseudonymiser(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonym key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /**
     * The key from {@value #KEY_ENVIRONMENT_VARIABLE} (its UTF-8 bytes); when unset or blank, the development key,
     * with a warning (once per JVM: a run asks for the key in several stages).
     */
    public static Pseudonymiser fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    /** As {@link #fromEnvironment()}, reading variables through {@code environment}. */
    public static Pseudonymiser fromEnvironment(UnaryOperator<String> environment) {
        String value = environment.apply(KEY_ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            if (WARNED_DEVELOPMENT_KEY.compareAndSet(false, true)) {
                LOG.warn("{} is not set: using the DEVELOPMENT pseudonym key; keys are not secret and must not be used "
                        + "on real patient data", KEY_ENVIRONMENT_VARIABLE);
            }
            return new Pseudonymiser(DEVELOPMENT_KEY);
        }
        return new Pseudonymiser(value.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isDevelopmentKey() {
        return Arrays.equals(key, DEVELOPMENT_KEY);
    }

    /** The pseudonym of a source reference such as {@code Patient/123}. */
    public String key(String sourceRef) {
        Mac mac = macs().get();
        return HexFormat.of().formatHex(mac.doFinal(sourceRef.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The pseudonym of an input file's path. File names can name the patient (Synthea names each bundle after
     * its patient), so outside the identity tables a file is known by this key only.
     */
    public String fileKey(String path) {
        return "file-" + key("file:" + path).substring(0, 32);
    }

    private ThreadLocal<Mac> macs() {
        ThreadLocal<Mac> local = macs;
        if (local == null) {
            synchronized (this) {
                local = macs;
                if (local == null) {
                    local = ThreadLocal.withInitial(this::newMac);
                    macs = local;
                }
            }
        }
        return local;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
