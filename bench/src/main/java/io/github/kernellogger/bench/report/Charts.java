package io.github.kernellogger.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ChartFactory;
import org.jfree.data.category.DefaultCategoryDataset;

/** Grouped bar charts as PNG, drawn by JFreeChart. */
final class Charts {
    private Charts() {}

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b),
    };

    /**
     * One bar per series in each category.
     *
     * @param values category, then series, then value; insertion order is kept
     */
    static void bars(Path png, String title, String valueAxis, Map<String, Map<String, Double>> values)
            throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((category, series) -> series.forEach((name, v) -> data.addValue(v, name, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        List<?> rows = data.getRowKeys();
        for (int i = 0; i < rows.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryAxis categories = plot.getDomainAxis();
        if (values.size() > 6) {
            categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 520);
    }
}
