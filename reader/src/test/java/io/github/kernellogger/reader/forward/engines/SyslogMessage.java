package io.github.kernellogger.reader.forward.engines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message as rsyslog received and understood it: its RFC 5424 header fields, its structured
 * data both as sent and as rsyslog's mmpstrucdata parsed it, and its message, each exactly as
 * rsyslog's own properties report them. A field the sender left nil ({@code -}) reads
 * {@code "-"}, as rsyslog reports it (a nil TIMESTAMP reads as the time of receipt instead).
 *
 * @param pri            PRI, facility * 8 + severity
 * @param version        "1" for a message rsyslog parsed as RFC 5424; "0" when its RFC 5424
 *                       parser refused it and the legacy (RFC 3164) parser took it, so that the
 *                       header fields below are not what was sent
 * @param timestamp      TIMESTAMP in RFC 3339 form, as rsyslog formats it
 * @param structuredData STRUCTURED-DATA as sent, escapes ({@code \" \\ \]}) intact, or "-"
 * @param sdElements     the SD-ELEMENTs as mmpstrucdata parsed them (SD-ID to SD-PARAM names to
 *                       values, escapes resolved, the order kept; a repeated PARAM-NAME keeps its
 *                       last value), or null when rsyslog could not parse the structured data
 *                       that was sent; empty when it was nil
 * @param msg            MSG as rsyslog stores it: a leading UTF-8 BOM is kept; control
 *                       characters read {@code #012} (LF), {@code #011} (TAB) and so on unless
 *                       the harness was built with {@code escapeControlCharacters(false)}
 * @param rawMsg         the whole message as received (after that escaping), without its
 *                       octet-counting frame
 * @param listener       which listener received it: "tcp" (plain) or "tls"
 */
public record SyslogMessage(int pri, String version, String timestamp, String hostname, String appName,
        String procId, String msgId, String structuredData, Map<String, Map<String, String>> sdElements,
        String msg, String rawMsg, String listener) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public int facility() {
        return pri / 8;
    }

    public int severity() {
        return pri % 8;
    }

    /** Whether rsyslog could parse the structured data (nil structured data counts as parsed). */
    public boolean structuredDataUnderstood() {
        return sdElements != null;
    }

    /** The value of one SD-PARAM as rsyslog parsed it, or null if that element or name is absent. */
    public String sdParam(String sdId, String paramName) {
        if (sdElements == null) {
            throw new AssertionError("rsyslog could not parse the structured data " + structuredData
                    + " of " + rawMsg);
        }
        Map<String, String> element = sdElements.get(sdId);
        return element == null ? null : element.get(paramName);
    }

    /** Parses one line the harness's template wrote (see {@link Rsyslog}). */
    static SyslogMessage parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            String sd = text(n, "structured-data");
            String parsed = text(n, "sd");
            Map<String, Map<String, String>> elements;
            if (!parsed.isEmpty()) {
                elements = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : JSON.readTree(parsed).properties()) {
                    Map<String, String> params = new LinkedHashMap<>();
                    e.getValue().properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
                    elements.put(e.getKey(), Collections.unmodifiableMap(params));
                }
                elements = Collections.unmodifiableMap(elements);
            } else {
                elements = sd.equals("-") ? Map.of() : null;
            }
            return new SyslogMessage(Integer.parseInt(text(n, "pri")), text(n, "protocol-version"),
                    text(n, "timestamp"), text(n, "hostname"), text(n, "app-name"), text(n, "procid"),
                    text(n, "msgid"), sd, elements, text(n, "msg"), text(n, "rawmsg"), text(n, "inputname"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("rsyslog wrote a line the harness cannot read: " + line, e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalStateException("no " + field);
        }
        return v.asText();
    }
}
