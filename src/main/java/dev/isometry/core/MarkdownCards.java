package dev.isometry.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and writes a folder of Markdown files with YAML front matter: sub-folders become the folder
 * field, the front matter's known keys become fields (unknown keys are left alone, as other tools
 * put their own there), the body is the content. Stateless; thread-safe.
 */
final class MarkdownCards {
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private MarkdownCards() {
    }

    /** The Markdown files under {@code root}, skipping hidden folders such as .obsidian and .trash. */
    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
                    .filter(p -> root.relativize(p).toString().chars().noneMatch(c -> c == '\0'))
                    .filter(p -> !hidden(root.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Reads one file; throws {@link ValidationException} with a readable reason when it cannot. */
    static ImportItem read(Path root, Path file) throws IOException {
        String rel = root.relativize(file).toString().replace('\\', '/');
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new ValidationException("larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; not imported");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ValidationException("not UTF-8 text; save it as UTF-8 and import again", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, Object> front = new LinkedHashMap<>();
        String body = text;
        String normalized = text.replace("\r\n", "\n");
        if (normalized.startsWith("---\n")) {
            int end = normalized.indexOf("\n---", 3);
            int endAlt = normalized.indexOf("\n...", 3);
            if (end < 0 || (endAlt >= 0 && endAlt < end)) {
                end = endAlt;
            }
            if (end < 0) {
                throw new ValidationException("front matter starts with --- but never ends");
            }
            String yaml = normalized.substring(4, end);
            body = normalized.substring(Math.min(normalized.length(), normalized.indexOf('\n', end + 1) + 1));
            if (normalized.indexOf('\n', end + 1) < 0) {
                body = "";
            }
            try {
                Object parsed = yaml.isBlank() ? Map.of() : YAML.readValue(yaml, Object.class);
                if (!(parsed instanceof Map<?, ?> map)) {
                    throw new ValidationException("front matter is not a set of key: value lines");
                }
                map.forEach((k, v) -> front.put(String.valueOf(k), v));
            } catch (JsonProcessingException e) {
                throw new ValidationException("front matter is not valid YAML" + where(e) + ": "
                        + firstLine(e.getOriginalMessage()), e);
            }
        }
        String fileName = file.getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - 3);
        Map<String, Object> raw = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : front.entrySet()) {
            String field = LenientValues.fieldName(e.getKey());
            CardField.parse(field).ifPresent(f -> raw.put(f.wireName(), lenient(f, e.getValue())));
        }
        raw.putIfAbsent("name", stem);
        raw.putIfAbsent("cardType", "note");
        raw.put("content", body.strip().isEmpty() ? "" : body.stripTrailing() + "\n");
        Path parent = root.relativize(file).getParent();
        if (parent != null && !raw.containsKey("folder")) {
            raw.put("folder", parent.toString().replace('\\', '/'));
        }
        Object id = front.get("id");
        String sourceId = id != null ? String.valueOf(id) : rel.substring(0, rel.length() - 3);
        raw.remove("source");
        raw.remove("sourceId");
        try {
            return ImportItem.fields(rel, CardChanges.fromRaw(raw), "markdown:" + root.getFileName(), sourceId);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage(), e);
        }
    }

    private static String where(JsonProcessingException e) {
        // The file's line: front matter starts on line 2, after the opening ---.
        return e.getLocation() == null ? "" : " at line " + (e.getLocation().getLineNr() + 1);
    }

    private static String firstLine(String message) {
        String m = message == null ? "syntax error" : message.strip();
        for (String l : m.split("\n")) {
            if (l.strip().startsWith("expected") || l.strip().startsWith("found")) {
                m = l.strip();
                break;
            }
        }
        int nl = m.indexOf('\n');
        String line = (nl < 0 ? m : m.substring(0, nl)).strip();
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private static Object lenient(CardField f, Object v) {
        return switch (f.kind()) {
            case TIMESTAMP -> LenientValues.timestamp(v);
            case TAGS -> LenientValues.tags(v);
            case TEXT, CONTENT, REQUIRED_TEXT, TYPE -> v == null ? null : String.valueOf(v);
            default -> v;
        };
    }

    /** The text of a card as a Markdown file with front matter. */
    static String write(Card c) {
        Map<String, Object> front = new LinkedHashMap<>();
        front.put("id", c.id());
        front.put("title", c.name());
        front.put("type", c.cardType().wireName());
        putIf(front, "summary", c.summary());
        if (!c.tags().isEmpty()) {
            front.put("tags", c.tags());
        }
        putIf(front, "url", c.url());
        putIf(front, "status", c.status());
        putIf(front, "priority", c.priority());
        putIf(front, "dueAt", c.dueAt());
        putIf(front, "completedAt", c.completedAt());
        putIf(front, "eventStart", c.eventStart());
        putIf(front, "eventEnd", c.eventEnd());
        putIf(front, "locationName", c.locationName());
        putIf(front, "latitude", c.latitude());
        putIf(front, "longitude", c.longitude());
        front.put("created", c.createdAt());
        front.put("modified", c.modifiedAt());
        try {
            return "---\n" + YAML.writeValueAsString(front) + "---\n\n" + c.content();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write front matter", e);
        }
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** A file-name-safe version of a name or folder segment. */
    static String safeName(String name) {
        String s = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            s = "untitled";
        }
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

}
