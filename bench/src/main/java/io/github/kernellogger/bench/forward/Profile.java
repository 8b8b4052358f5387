package io.github.kernellogger.bench.forward;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a forwarder's time went, from a Java Flight Recorder recording: the methods on top of
 * the most execution samples ({@code jdk.ExecutionSample}, its threads that ran Java code), each
 * with its share of the samples, as a JSON array for forward.jsonl. Samples of the JVM's own
 * threads (the JIT, the collector) and time spent waiting are not among them.
 */
final class Profile {
    private Profile() {}

    /** The {@code top} methods by self samples, as [{"method":"C.m","share":0.21,"thread":"..."}...]. */
    static String top(Path recording, int top) throws IOException {
        Map<String, Integer> byMethod = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            RecordedFrame f = frames.get(0);
            String method = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            byMethod.merge(method, 1, Integer::sum);
            var thread = e.getThread("sampledThread");
            byThread.merge(thread == null ? "?" : thread.getJavaName(), 1, Integer::sum);
            total++;
        }
        final int samples = total;
        StringBuilder json = new StringBuilder("{\"samples\":").append(samples).append(",\"methods\":[");
        byMethod.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(m -> json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
                        .append(String.format(Locale.ROOT, "{\"method\":\"%s\",\"share\":%.3f}",
                                m.getKey().replace("\"", "'"), m.getValue() / (double) samples)));
        json.append("],\"threads\":[");
        byThread.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(4)
                .forEach(t -> json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
                        .append(String.format(Locale.ROOT, "{\"thread\":\"%s\",\"share\":%.3f}",
                                t.getKey().replace("\"", "'"), t.getValue() / (double) samples)));
        return json.append("]}").toString();
    }
}
