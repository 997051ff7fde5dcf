package io.longitude.models.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.longitude.models.layers.GRU;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Throughput of the recurrent layers (float, one JVM): training and inference sequences/s per model, steps and
 * hidden size, the measured GEMM rate and each model's achieved matrix GFLOP/s as a fraction of it. Prints
 * {@code key=value} lines. Threads come from outside ({@code OMP_NUM_THREADS}).
 *
 * <p>Arguments, all optional, {@code key=value}: {@code models=rnn,lstm,gru,bilstm,bigru},
 * {@code steps=20,50}, {@code hidden=64,256}, {@code batch=64}, {@code nIn=128}, {@code warmup=3} (iterations
 * before timing), {@code iters=3} (iterations per timed run), {@code runs=5} (timed runs; the median is reported).
 * The models of one (hidden, steps) setting are timed interleaved, so their ratios are fair on a shared machine.
 */
public final class ModelsBenchmark {

    private static final int CLASSES = 2;

    private final Map<String, String> args;
    private final int batch;
    private final int nIn;
    private final int warmup;
    private final int iters;
    private final int runs;

    private ModelsBenchmark(Map<String, String> args) {
        this.args = args;
        this.batch = Integer.parseInt(args.getOrDefault("batch", "64"));
        this.nIn = Integer.parseInt(args.getOrDefault("nIn", "128"));
        this.warmup = Integer.parseInt(args.getOrDefault("warmup", "3"));
        this.iters = Integer.parseInt(args.getOrDefault("iters", "3"));
        this.runs = Integer.parseInt(args.getOrDefault("runs", "5"));
    }

    public static void main(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + a);
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new ModelsBenchmark(args).run();
    }

    private void run() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        print("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        print("nd4j_threads", Nd4j.getEnvironment().maxMasterThreads());
        print("available_processors", Runtime.getRuntime().availableProcessors());
        double gemm1024 = gemmGflops(1024);
        double gemm2048 = gemmGflops(2048);
        print("gemm_gflops_1024", gemm1024);
        print("gemm_gflops_2048", gemm2048);
        double peak = Math.max(gemm1024, gemm2048);

        List<String> models = list("models", "rnn,lstm,gru,bilstm,bigru");
        List<Integer> stepsList = ints("steps", "20,50");
        List<Integer> hiddenList = ints("hidden", "64,256");
        Map<String, Double> trainRate = new LinkedHashMap<>();
        for (int hidden : hiddenList) {
            for (int steps : stepsList) {
                DataSet data = data(steps);
                Map<String, Runnable> training = new LinkedHashMap<>();
                Map<String, Runnable> inference = new LinkedHashMap<>();
                for (String model : models) {
                    MultiLayerNetwork net = network(model, hidden);
                    training.put(model, () -> net.fit(data));
                    inference.put(model, () -> net.output(data.getFeatures()));
                }
                Map<String, Double> trainSeconds = medianSeconds(training);
                Map<String, Double> inferSeconds = medianSeconds(inference);
                for (String model : models) {
                    String key = model + "_h" + hidden + "_t" + steps;
                    double forwardFlops = forwardMatrixFlops(model, hidden, steps);
                    double trainGflops = 3 * forwardFlops / trainSeconds.get(model) / 1e9;
                    double inferGflops = forwardFlops / inferSeconds.get(model) / 1e9;
                    trainRate.put(key, batch / trainSeconds.get(model));
                    print(key + "_train_seq_per_s", batch / trainSeconds.get(model));
                    print(key + "_infer_seq_per_s", batch / inferSeconds.get(model));
                    print(key + "_train_gflops", trainGflops);
                    print(key + "_train_frac_gemm_peak", trainGflops / peak);
                    print(key + "_infer_gflops", inferGflops);
                    print(key + "_infer_frac_gemm_peak", inferGflops / peak);
                }
            }
        }
        if (models.contains("gru") && models.contains("lstm")) {
            Map<Integer, Double> ratioByHidden = new LinkedHashMap<>();
            for (int hidden : hiddenList) {
                double logSum = 0;
                for (int steps : stepsList) {
                    double r = trainRate.get("gru_h" + hidden + "_t" + steps)
                            / trainRate.get("lstm_h" + hidden + "_t" + steps);
                    print("gru_vs_lstm_train_h" + hidden + "_t" + steps, r);
                    logSum += Math.log(r);
                }
                double geoMean = Math.exp(logSum / stepsList.size());
                ratioByHidden.put(hidden, geoMean);
                print("gru_vs_lstm_train_h" + hidden, geoMean);
            }
            int headline = ratioByHidden.containsKey(256) ? 256 : hiddenList.get(hiddenList.size() - 1);
            print("gru_vs_lstm_train", ratioByHidden.get(headline));
        }
        // The machine is shared: a GEMM rate far from the first one means the figures above saw other load.
        print("gemm_gflops_2048_at_end", gemmGflops(2048));
    }

    /** 2 * m * n * k per product: the input and recurrent products of every gate, every step, every direction. */
    private double forwardMatrixFlops(String model, int hidden, int steps) {
        int gates;
        switch (model.replace("bi", "")) {
            case "rnn":
                gates = 1;
                break;
            case "gru":
                gates = 3;
                break;
            case "lstm":
                gates = 4;
                break;
            default:
                throw new IllegalArgumentException("unknown model " + model);
        }
        int directions = model.startsWith("bi") ? 2 : 1;
        return 2.0 * directions * gates * batch * steps * (double) (nIn + hidden) * hidden;
    }

    private MultiLayerNetwork network(String model, int hidden) {
        Layer recurrent;
        int outIn = hidden;
        switch (model) {
            case "rnn":
                recurrent = new SimpleRnn.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build();
                break;
            case "lstm":
                recurrent = lstm(hidden);
                break;
            case "gru":
                recurrent = gru(hidden);
                break;
            case "bilstm":
                recurrent = new Bidirectional(Bidirectional.Mode.CONCAT, lstm(hidden));
                outIn = 2 * hidden;
                break;
            case "bigru":
                recurrent = new Bidirectional(Bidirectional.Mode.CONCAT, gru(hidden));
                outIn = 2 * hidden;
                break;
            default:
                throw new IllegalArgumentException("unknown model " + model + " (rnn, lstm, gru, bilstm, bigru)");
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .list()
                .layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(outIn).nOut(CLASSES).build())
                .setInputType(InputType.recurrent(nIn))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private LSTM lstm(int hidden) {
        return new LSTM.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build();
    }

    private GRU gru(int hidden) {
        return new GRU.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH)
                .gateActivationFunction(Activation.SIGMOID).build();
    }

    private DataSet data(int steps) {
        Nd4j.getRandom().setSeed(steps);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, nIn, steps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES, steps);
        INDArray classes = Nd4j.rand(DataType.FLOAT, batch, 1, steps).gt(0.5);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(b, classes.getInt(b, 0, t), t, 1.0);
            }
        }
        return new DataSet(x, y);
    }

    private double gemmGflops(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double seconds = medianSeconds(Map.of("gemm", () -> a.mmuli(b, c))).get("gemm");
        return 2.0 * n * n * (double) n / seconds / 1e9;
    }

    /**
     * Median seconds per call of each piece of work, after {@code warmup} untimed calls of each. The timed runs
     * take the pieces in turn (run 1 of each, then run 2 of each...), so that changes in the load of the shared
     * machine fall on all of them alike and their ratios stay meaningful.
     */
    private Map<String, Double> medianSeconds(Map<String, Runnable> work) {
        for (Runnable w : work.values()) {
            for (int i = 0; i < warmup; i++) {
                w.run();
            }
        }
        Map<String, double[]> perCall = new LinkedHashMap<>();
        work.keySet().forEach(k -> perCall.put(k, new double[runs]));
        for (int r = 0; r < runs; r++) {
            for (Map.Entry<String, Runnable> w : work.entrySet()) {
                long start = System.nanoTime();
                for (int i = 0; i < iters; i++) {
                    w.getValue().run();
                }
                perCall.get(w.getKey())[r] = (System.nanoTime() - start) / 1e9 / iters;
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        perCall.forEach((k, v) -> medians.put(k, median(v)));
        return medians;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private List<String> list(String key, String defaults) {
        return Arrays.asList(args.getOrDefault(key, defaults).split(","));
    }

    private List<Integer> ints(String key, String defaults) {
        List<Integer> out = new ArrayList<>();
        for (String s : list(key, defaults)) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }

    private static void print(String key, Object value) {
        String text = value instanceof Double ? String.format(Locale.ROOT, "%.3f", (Double) value)
                : String.valueOf(value);
        System.out.println(key + "=" + text);
    }
}
