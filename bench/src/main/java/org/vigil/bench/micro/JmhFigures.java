package org.vigil.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigil.bench.load.Figures;

/**
 * Turns JMH's CSV results ({@code -rf csv}) into the run's {@code name=value unit} lines, with
 * each benchmark's score in the unit of the thing it counts.
 */
public final class JmhFigures {

    /** Benchmark method to figure name and unit; a parameter, when there is one, joins the name. */
    private static final Map<String, String[]> NAMES = Map.of(
            "DecoderBenchmark.decodeFrame", new String[]{"decode_%s", "frames/s"},
            "AlarmEvaluationBenchmark.evaluateReading", new String[]{"alarm_evaluation", "readings/s"},
            "FhirEncodingBenchmark.buildObservation", new String[]{"fhir_observation_build", "resources/s"},
            "FhirEncodingBenchmark.buildAndEncodeJson", new String[]{"fhir_observation_json", "resources/s"},
            "ObservationStorageBenchmark.storeCharting", new String[]{"observations_stored_h2", "resources/s"},
            "SseFanoutBenchmark.publishReading", new String[]{"sse_fanout_%s_clients", "events/s"});

    private JmhFigures() {
    }

    public static void main(String[] args) throws IOException {
        Figures figures = new Figures(System.out);
        List<String> rows = Files.readAllLines(Path.of(args[0]));
        for (String line : rows.subList(1, rows.size())) {
            add(figures, line);
        }
    }

    /** Adds the figure of one CSV row: benchmark, mode, threads, samples, score, error, unit, params... */
    static void add(Figures figures, String csvRow) {
        List<String> cells = cells(csvRow);
        String benchmark = cells.get(0);
        String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        String[] name = NAMES.get(shortName);
        if (name == null) return;
        String parameter = cells.size() > 7 ? cells.stream().skip(7).filter(cell -> !cell.isEmpty()).findFirst().orElse("") : "";
        figures.add(String.format(name[0], parameter).replace('-', '_'), Double.parseDouble(cells.get(4)), name[1]);
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : row.toCharArray()) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else cell.append(c);
        }
        cells.add(cell.toString());
        return cells;
    }
}
