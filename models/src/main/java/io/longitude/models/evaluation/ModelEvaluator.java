package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * All metrics of one model on the test split, as the JSON object that {@code metrics.json} holds for it.
 * Keys are stable (the report and downstream tools read them); a metric that does not exist on the data
 * is {@code null}. Beside every metric stands the number of positive patients it rests on, and
 * {@code judgeable=false} with a note when that number is below the configured minimum.
 */
public final class ModelEvaluator {

    public static final String CANNOT_BE_JUDGED = "cannot be judged on this data";

    /** Decision-curve thresholds: 1% to 50% in steps of 1%, the range in which treatment decisions are usually made. */
    private static final int DECISION_THRESHOLD_PERCENT_MAX = 50;
    private static final int SMOOTH_CALIBRATION_POINTS = 10;
    private static final int RISK_DISTRIBUTION_BINS = 20;

    private final MetricSettings settings;

    public ModelEvaluator(MetricSettings settings) {
        this.settings = settings;
    }

    /** The evaluation of one model plus its test scores after recalibration (same order as {@code test}). */
    public record Result(ObjectNode json, double[] calibratedScores, Recalibrator recalibrator) {
    }

    public Result evaluate(String model, String modelVersion, String role, EvaluationSet test, EvaluationSet validation) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("model", model);
        out.put("modelVersion", modelVersion);
        out.put("role", role);
        long positivePatients = test.positivePatients();
        boolean judgeable = positivePatients >= settings.minPositivePatients();
        out.put("samples", test.size());
        out.put("positives", test.positives());
        out.put("patients", test.patients());
        out.put("positivePatients", positivePatients);
        out.put("judgeable", judgeable);
        if (judgeable) {
            out.putNull("note");
        } else {
            out.put("note", CANNOT_BE_JUDGED + ": " + positivePatients + " positive patient(s) in the test split, "
                    + "fewer than the minimum of " + settings.minPositivePatients());
        }

        out.set("metrics", discrimination(test, test.scores(), positivePatients, judgeable, true));

        LogisticRecalibration platt = LogisticRecalibration.fit(validation.scores(), validation.labels());
        IsotonicRecalibration isotonic = IsotonicRecalibration.fit(validation.scores(), validation.labels());
        double[] plattScores = platt.isDefined() ? map(test.scores(), platt::apply) : test.scores();
        double[] isotonicScores = map(test.scores(), isotonic::apply);
        Recalibrator recalibrator = Recalibrator.fit(settings.recalibration(), validation.scores(), validation.labels(),
                validation.positivePatients(), settings.minPositivePatients());
        double[] calibratedScores = map(test.scores(), recalibrator::apply);
        ObjectNode recalibration = out.putObject("recalibration");
        recalibration.put("fittedOn", "validation");
        recalibration.put("validationSamples", validation.size());
        recalibration.put("validationPositives", validation.positives());
        recalibration.put("validationPositivePatients", validation.positivePatients());
        recalibration.put("configured", settings.recalibration().name().toLowerCase(Locale.ROOT));
        recalibration.put("applied", recalibrator.applied().label());
        if (recalibrator.reason() == null) {
            recalibration.putNull("reason");
        } else {
            recalibration.put("reason", recalibrator.reason());
        }
        if (recalibrator.applied() == AppliedRecalibration.INTERCEPT) {
            ObjectNode interceptNode = recalibration.putObject("intercept");
            putNumber(interceptNode, "intercept", recalibrator.logistic().intercept());
            interceptNode.set("after", discrimination(test, calibratedScores, positivePatients, judgeable, false));
            interceptNode.set("reliability", reliabilityJson(calibratedScores, test.labels()));
        }
        ObjectNode plattNode = recalibration.putObject("platt");
        putNumber(plattNode, "intercept", platt.intercept());
        putNumber(plattNode, "slope", platt.slope());
        plattNode.set("after", discrimination(test, plattScores, positivePatients, judgeable, false));
        plattNode.set("reliability", reliabilityJson(plattScores, test.labels()));
        ObjectNode isotonicNode = recalibration.putObject("isotonic");
        isotonicNode.put("blocks", isotonic.blocks());
        isotonicNode.set("after", discrimination(test, isotonicScores, positivePatients, judgeable, false));
        isotonicNode.set("reliability", reliabilityJson(isotonicScores, test.labels()));

        ArrayNode thresholds = out.putArray("thresholds");
        for (double threshold : settings.thresholds()) {
            ThresholdMetrics t = ThresholdMetrics.at(test.scores(), test.labels(), threshold);
            ObjectNode node = thresholds.addObject();
            node.put("threshold", threshold);
            putNumber(node, "sensitivity", t.sensitivity());
            putNumber(node, "specificity", t.specificity());
            putNumber(node, "ppv", t.positivePredictiveValue());
            putNumber(node, "npv", t.negativePredictiveValue());
            node.put("truePositives", t.truePositives());
            node.put("falsePositives", t.falsePositives());
            node.put("trueNegatives", t.trueNegatives());
            node.put("falseNegatives", t.falseNegatives());
            node.put("positivePatients", positivePatients);
            node.put("judgeable", judgeable);
        }

        out.set("reliability", reliabilityJson(test.scores(), test.labels()));
        RankedScores ranked = new RankedScores(test.scores(), test.labels());
        ObjectNode curves = out.putObject("curves");
        curves.set("roc", points(ranked.rocCurve(settings.curvePoints())));
        curves.set("pr", points(ranked.precisionRecallCurve(settings.curvePoints())));
        out.set("subgroups", subgroups(test));
        out.set("smoothCalibration", smoothCalibration(test, positivePatients, judgeable));
        out.set("decisionCurve", decisionCurve(test, positivePatients, judgeable));
        out.set("riskDistribution", riskDistribution(test));

        return new Result(out, calibratedScores, recalibrator);
    }

    private ObjectNode discrimination(EvaluationSet test, double[] scores, long positivePatients, boolean judgeable,
                                      boolean withIntervals) {
        RankedScores ranked = new RankedScores(scores, test.labels());
        double[] unit = ranked.unitWeights();
        List<ReliabilityBin> curve = Calibration.reliabilityCurve(scores, test.labels(), settings.reliabilityBins());
        ObjectNode metrics = JsonNodeFactory.instance.objectNode();
        PatientBootstrap bootstrap = new PatientBootstrap(test.patientKeys(), settings.bootstrapResamples(),
                settings.bootstrapSeed());
        double[] perPatient = bootstrap.perPatientWeights();
        metric(metrics, "auroc", ranked.auroc(unit), withIntervals ? bootstrap.interval(ranked::auroc) : null,
                positivePatients, judgeable);
        metric(metrics, "auprc", ranked.averagePrecision(unit),
                withIntervals ? bootstrap.interval(ranked::averagePrecision) : null, positivePatients, judgeable);
        // Per patient: each patient's samples share a weight of one, so patients with many stays do not dominate.
        metric(metrics, "aurocPerPatient", ranked.auroc(perPatient), withIntervals
                ? bootstrap.interval(w -> ranked.auroc(PatientBootstrap.times(w, perPatient))) : null,
                positivePatients, judgeable);
        metric(metrics, "auprcPerPatient", ranked.averagePrecision(perPatient), withIntervals
                ? bootstrap.interval(w -> ranked.averagePrecision(PatientBootstrap.times(w, perPatient))) : null,
                positivePatients, judgeable);
        metric(metrics, "brier", ranked.brier(unit), withIntervals ? bootstrap.interval(ranked::brier) : null,
                positivePatients, judgeable);
        metric(metrics, "ece", Calibration.expectedCalibrationError(curve), null, positivePatients, judgeable);
        metric(metrics, "calibrationInTheLarge", Calibration.calibrationInTheLarge(scores, test.labels()), null,
                positivePatients, judgeable);
        metric(metrics, "calibrationSlope", Calibration.calibrationSlope(scores, test.labels()), null,
                positivePatients, judgeable);
        return metrics;
    }

    private ArrayNode subgroups(EvaluationSet test) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        addSubgroups(out, "sex", test, i -> test.sexes()[i]);
        addSubgroups(out, "ageBand", test, i -> test.ages()[i] < 0 ? null : settings.ageBand(test.ages()[i]));
        return out;
    }

    private void addSubgroups(ArrayNode out, String dimension, EvaluationSet test, Function<Integer, String> valueOf) {
        Map<String, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            String value = valueOf.apply(i);
            members.computeIfAbsent(value == null ? "unknown" : value, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> group : members.entrySet()) {
            EvaluationSet subset = test.subset(group.getValue().stream().mapToInt(Integer::intValue).toArray());
            long positivePatients = subset.positivePatients();
            boolean judgeable = positivePatients >= settings.minPositivePatients();
            RankedScores ranked = new RankedScores(subset.scores(), subset.labels());
            double[] unit = ranked.unitWeights();
            ObjectNode node = out.addObject();
            node.put("dimension", dimension);
            node.put("group", group.getKey());
            node.put("samples", subset.size());
            node.put("positives", subset.positives());
            node.put("positivePatients", positivePatients);
            putNumber(node, "auroc", ranked.auroc(unit));
            putNumber(node, "meanPredicted", mean(subset.scores()));
            putNumber(node, "observedRate", subset.size() == 0 ? Double.NaN : (double) subset.positives() / subset.size());
            putNumber(node, "expectedPositives", Arrays.stream(subset.scores()).sum());
            putNumber(node, "calibrationInTheLarge", Calibration.calibrationInTheLarge(subset.scores(), subset.labels()));
            putNumber(node, "calibrationSlope", Calibration.calibrationSlope(subset.scores(), subset.labels()));
            node.put("judgeable", judgeable);
        }
    }

    /** The smooth calibration curve on a grid of predicted risks, with its 95% patient-bootstrap band. */
    private ObjectNode smoothCalibration(EvaluationSet test, long positivePatients, boolean judgeable) {
        SmoothCalibration smooth = new SmoothCalibration(test.scores(), test.labels());
        double[] grid = SmoothCalibration.grid(test.scores(), SMOOTH_CALIBRATION_POINTS);
        double[] unit = new double[test.size()];
        Arrays.fill(unit, 1);
        double[] observed = smooth.observedAt(grid, unit);
        ConfidenceInterval[] band = new ConfidenceInterval[grid.length];
        if (Double.isNaN(observed[0])) {
            // No curve (too few distinct scores, separable outcomes), so no band: skip a thousand failing fits.
            Arrays.fill(band, new ConfidenceInterval(Double.NaN, Double.NaN, settings.bootstrapResamples(),
                    settings.bootstrapResamples()));
        } else {
            band = new PatientBootstrap(test.patientKeys(), settings.bootstrapResamples(), settings.bootstrapSeed())
                    .intervals(grid.length, w -> smooth.observedAt(grid, w));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("method", "logistic regression on a restricted cubic spline of logit(score), knots at the 10th, 50th "
                + "and 90th percentiles; band: patient bootstrap, knots fixed");
        ArrayNode knots = out.putArray("knots");
        for (double k : smooth.knotRisks()) {
            knots.add(k);
        }
        ArrayNode points = out.putArray("points");
        for (int g = 0; g < grid.length; g++) {
            ObjectNode point = points.addObject();
            point.put("predicted", grid[g]);
            putNumber(point, "observed", observed[g]);
            putNumber(point, "ciLower", band[g].lower());
            putNumber(point, "ciUpper", band[g].upper());
        }
        out.put("positivePatients", positivePatients);
        out.put("judgeable", judgeable);
        return out;
    }

    /** Net benefit of the model, of treating all and of treating none at each threshold from 1% to 50%. */
    private static ObjectNode decisionCurve(EvaluationSet test, long positivePatients, boolean judgeable) {
        double prevalence = test.size() == 0 ? Double.NaN : (double) test.positives() / test.size();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode points = out.putArray("points");
        for (int percent = 1; percent <= DECISION_THRESHOLD_PERCENT_MAX; percent++) {
            double threshold = percent / 100.0;
            ObjectNode point = points.addObject();
            point.put("threshold", threshold);
            putNumber(point, "netBenefit", DecisionCurve.netBenefit(test.scores(), test.labels(), threshold));
            putNumber(point, "treatAll", DecisionCurve.treatAll(prevalence, threshold));
            point.put("treatNone", 0.0);
        }
        out.put("positivePatients", positivePatients);
        out.put("judgeable", judgeable);
        return out;
    }

    /** Counts of test samples per bin of predicted risk, by outcome. */
    private static ArrayNode riskDistribution(EvaluationSet test) {
        RiskDistribution distribution = RiskDistribution.of(test.scores(), test.labels(), RISK_DISTRIBUTION_BINS);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int b = 0; b < distribution.bins(); b++) {
            ObjectNode bin = out.addObject();
            bin.put("lower", (double) b / distribution.bins());
            bin.put("upper", (double) (b + 1) / distribution.bins());
            bin.put("negatives", distribution.negatives()[b]);
            bin.put("positives", distribution.positives()[b]);
        }
        return out;
    }

    private ArrayNode reliabilityJson(double[] scores, int[] labels) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ReliabilityBin bin : Calibration.reliabilityCurve(scores, labels, settings.reliabilityBins())) {
            ObjectNode node = out.addObject();
            node.put("lower", bin.lower());
            node.put("upper", bin.upper());
            node.put("count", bin.count());
            putNumber(node, "meanPredicted", bin.meanPredicted());
            putNumber(node, "observedRate", bin.observedRate());
        }
        return out;
    }

    private static void metric(ObjectNode parent, String name, double value, ConfidenceInterval ci,
                               long positivePatients, boolean judgeable) {
        ObjectNode node = parent.putObject(name);
        putNumber(node, "value", value);
        if (ci != null) {
            putNumber(node, "ciLower", ci.lower());
            putNumber(node, "ciUpper", ci.upper());
            node.put("undefinedResamples", ci.undefinedResamples());
        }
        node.put("positivePatients", positivePatients);
        node.put("judgeable", judgeable);
    }

    private static ArrayNode points(double[][] points) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (double[] p : points) {
            out.addArray().add(p[0]).add(p[1]);
        }
        return out;
    }

    static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static double[] map(double[] values, DoubleUnaryOperator f) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = f.applyAsDouble(values[i]);
        }
        return out;
    }
}
