package io.longitude.jobs;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The driver's Hadoop configuration (with every {@code spark.hadoop.*} setting, e.g. object-store credentials)
 * carried into tasks that open files themselves.
 */
public final class SerializableHadoopConfiguration implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient Configuration value;

    public SerializableHadoopConfiguration(Configuration value) {
        this.value = value;
    }

    public Configuration get() {
        return value;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        value.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        value = new Configuration(false);
        value.readFields(in);
    }
}
