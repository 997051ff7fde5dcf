package io.longitude.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The report's plots, drawn with JFreeChart (headless) and inlined as base64 PNG data URIs. */
public final class Charts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A named series of (x, y) points. */
    public record Series(String name, List<double[]> points) {
    }

    public static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean unitSquare,
                               boolean diagonal) throws IOException {
        List<Series> drawn = series;
        if (diagonal) {
            drawn = new ArrayList<>(series);
            drawn.add(new Series("reference", List.of(new double[]{0, 0}, new double[]{1, 1})));
        }
        JFreeChart chart = lineChart(title, xLabel, yLabel, drawn);
        XYPlot plot = chart.getXYPlot();
        if (diagonal) {
            plot.getRenderer().setSeriesPaint(series.size(), Color.GRAY);
        }
        if (unitSquare) {
            plot.getDomainAxis().setRange(0, 1);
            plot.getRangeAxis().setRange(0, 1);
        }
        return png(chart);
    }

    /**
     * Lines over a fixed value range, e.g. a decision curve whose treat-all line falls far below zero; whole-number
     * ticks on the x axis when it counts something (runs).
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series, double yMin,
                               double yMax, boolean wholeNumberX) throws IOException {
        JFreeChart chart = lineChart(title, xLabel, yLabel, series);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(yMin, yMax);
        if (wholeNumberX) {
            plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return png(chart);
    }

    private static JFreeChart lineChart(String title, String xLabel, String yLabel, List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (double[] p : s.points()) {
                xy.add(p[0], p[1]);
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /**
     * Vertical bars, one group per category in the given order, one bar per series; a category a series has no
     * value for gets no bar.
     */
    public static String groupedBars(String title, String categoryLabel, String valueLabel, List<String> categories,
                                     Map<String, Map<String, Double>> valuesBySeries) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        valuesBySeries.forEach((series, values) -> categories.forEach(category -> data.addValue(values.get(category),
                series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return png(chart);
    }

    public static String bars(String title, String categoryLabel, String valueLabel, Map<String, Long> values)
            throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((category, value) -> data.addValue(value, valueLabel, category));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.HORIZONTAL, false, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        return png(chart);
    }

    private static String png(JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
