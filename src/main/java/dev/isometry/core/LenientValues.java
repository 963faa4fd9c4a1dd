package dev.isometry.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads values as people write them in front matter and spreadsheets (dates without times, tags as
 * "a, b" or "#a #b") into what {@link dev.isometry.model.CardField#coerce} takes. Stateless.
 */
final class LenientValues {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    /** Field names people use, mapped to card field wire names. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("title", "name"), Map.entry("type", "cardType"), Map.entry("card_type", "cardType"),
            Map.entry("kind", "cardType"), Map.entry("body", "content"), Map.entry("text", "content"),
            Map.entry("description", "summary"), Map.entry("tag", "tags"), Map.entry("keywords", "tags"),
            Map.entry("due", "dueAt"), Map.entry("deadline", "dueAt"), Map.entry("completed", "completedAt"),
            Map.entry("done", "completedAt"), Map.entry("start", "eventStart"), Map.entry("end", "eventEnd"),
            Map.entry("location", "locationName"), Map.entry("place", "locationName"), Map.entry("lat", "latitude"),
            Map.entry("lon", "longitude"), Map.entry("lng", "longitude"), Map.entry("link", "url"),
            Map.entry("source_url", "url"));

    private LenientValues() {
    }

    static String fieldName(String raw) {
        String k = raw.strip();
        String alias = ALIASES.get(k.toLowerCase(java.util.Locale.ROOT));
        return alias != null ? alias : k;
    }

    /** A timestamp from "2024-05-01", "2024-05-01 10:30" or ISO-8601; other text unchanged. */
    static Object timestamp(Object raw) {
        if (!(raw instanceof String s)) {
            return raw == null ? null : raw.toString();
        }
        String t = s.strip();
        if (DATE.matcher(t).matches()) {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        }
        try {
            return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return t;
        }
    }

    /** Tags from a list, "a, b", "a; b" or "#a #b". */
    static Object tags(Object raw) {
        if (raw instanceof String s) {
            String[] parts = s.contains(",") || s.contains(";") ? s.split("[,;]") : s.split("\\s+");
            java.util.List<String> out = new java.util.ArrayList<>();
            for (String p : parts) {
                String t = p.strip();
                if (t.startsWith("#")) {
                    t = t.substring(1);
                }
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            return out;
        }
        return raw;
    }
}
