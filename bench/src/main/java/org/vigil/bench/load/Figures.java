package org.vigil.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run, printed one per line as {@code name=value unit} as soon as each is known. */
public final class Figures {

    public record Figure(String name, double value, String unit) {
        public String line() {
            return name + "=" + format(value) + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    private final List<Figure> figures = new ArrayList<>();
    private final PrintStream out;
    private final String suffix;

    public Figures(PrintStream out) {
        this(out, "");
    }

    /** Every figure's name ends with {@code suffix}, e.g. {@code _postgres} for a run on PostgreSQL. */
    public Figures(PrintStream out, String suffix) {
        this.out = out;
        this.suffix = suffix;
    }

    public void add(String name, double value, String unit) {
        Figure figure = new Figure(name + suffix, value, unit);
        figures.add(figure);
        out.println(figure.line());
        out.flush();
    }

    public List<Figure> all() {
        return List.copyOf(figures);
    }

    /** Whole numbers without decimals; others with up to three significant decimals; NaN as {@code n/a}. */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return "n/a";
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        double magnitude = Math.abs(value);
        String text = String.format(Locale.ROOT, magnitude >= 100 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
