package io.github.kernellogger.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the repository keeps of a JMH run: its result file without the histograms of every
 * sample (JMH's {@code rawDataHistogram}, nearly all of a sample-mode file's megabyte), so that
 * bench/results holds each run's summaries and the report reads the same fields as before. The
 * raw file stays in the results' {@code raw/} folder, which git ignores.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.github.kernellogger.bench.report.JmhSummary RAW.json SUMMARY.json
 * </pre>
 */
public final class JmhSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JmhSummary RAW.json SUMMARY.json");
            System.exit(2);
        }
        summarize(Path.of(args[0]), Path.of(args[1]));
    }

    /** Writes {@code summary} from {@code raw}; nothing if there is no raw file (the run failed). */
    static void summarize(Path raw, Path summary) throws IOException {
        if (!Files.exists(raw) || Files.size(raw) == 0) {
            return;
        }
        JsonNode results = JSON.readTree(raw.toFile());
        strip(results);
        JSON.writeValue(summary.toFile(), results);
    }

    /** Removes every {@code rawDataHistogram}, at any depth. */
    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("rawDataHistogram");
            object.forEach(JmhSummary::strip);
        } else if (node instanceof ArrayNode array) {
            array.forEach(JmhSummary::strip);
        }
    }
}
