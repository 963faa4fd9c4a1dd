package dev.isometry.core;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and writes cards as CSV with a header row of field names (wire names, snake_case or common
 * words such as title, type, body). Unknown columns are reported once and left out; a row that does
 * not fit is reported with its number and skipped. Stateless; thread-safe.
 */
final class CsvCards {
    private static final CsvMapper CSV = new CsvMapper();
    static final String[] EXPORT_COLUMNS = {"id", "cardType", "name", "summary", "content", "folder", "tags", "status",
        "priority", "dueAt", "completedAt", "eventStart", "eventEnd", "locationName", "latitude", "longitude", "url",
        "createdAt", "modifiedAt"};

    private CsvCards() {
    }

    /** Reads {@code file}: each good row goes to {@code items}, each problem to {@code problems}. */
    static void read(Path file, Consumer<ImportItem> items, Consumer<TransferProblem> problems) throws IOException {
        String name = file.getFileName().toString();
        try (Reader reader = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader())
                     .with(CsvParser.Feature.TRIM_SPACES)
                     .readValues(reader)) {
            Map<String, CardField> columns = null;
            String idColumn = null;
            int row = 1;
            while (rows.hasNext()) {
                row++;
                Map<String, String> values;
                try {
                    values = rows.next();
                } catch (RuntimeJsonMappingException e) {
                    problems.accept(new TransferProblem(name + " row " + row, "cannot be read: " + e.getMessage()));
                    continue;
                }
                if (columns == null) {
                    columns = new LinkedHashMap<>();
                    List<String> unknown = new ArrayList<>();
                    for (String col : values.keySet()) {
                        String lower = col.strip().toLowerCase(Locale.ROOT);
                        if (lower.equals("id") || lower.equals("sourceid") || lower.equals("source_id")) {
                            idColumn = col;
                            continue;
                        }
                        var field = CardField.parse(LenientValues.fieldName(col));
                        if (field.isEmpty()) {
                            field = CardField.parse(LenientValues.fieldName(lower));
                        }
                        if (field.isPresent() && field.get() != CardField.SOURCE && field.get() != CardField.SOURCE_ID) {
                            columns.put(col, field.get());
                        } else if (!lower.equals("createdat") && !lower.equals("modifiedat")) {
                            unknown.add(col);
                        }
                    }
                    if (!unknown.isEmpty()) {
                        problems.accept(new TransferProblem(name, "unknown column" + (unknown.size() > 1 ? "s " : " ")
                                + String.join(", ", unknown) + " left out"));
                    }
                    if (!columns.containsValue(CardField.NAME)) {
                        problems.accept(new TransferProblem(name, "no name (or title) column; nothing imported"));
                        return;
                    }
                }
                Map<String, Object> raw = new LinkedHashMap<>();
                for (Map.Entry<String, CardField> c : columns.entrySet()) {
                    String v = values.get(c.getKey());
                    if (v == null || v.isEmpty()) {
                        continue;
                    }
                    CardField f = c.getValue();
                    raw.put(f.wireName(), switch (f.kind()) {
                        case TIMESTAMP -> LenientValues.timestamp(v);
                        case TAGS -> LenientValues.tags(v);
                        default -> v;
                    });
                }
                raw.putIfAbsent("cardType", "note");
                try {
                    CardChanges changes = CardChanges.fromRaw(raw);
                    String key = idColumn != null && values.get(idColumn) != null && !values.get(idColumn).isBlank()
                            ? values.get(idColumn).strip()
                            : String.valueOf(raw.getOrDefault("name", "")).strip().toLowerCase(Locale.ROOT);
                    items.accept(ImportItem.fields(name + " row " + row, changes, "csv:" + name, key));
                } catch (IllegalArgumentException e) {
                    problems.accept(new TransferProblem(name + " row " + row, e.getMessage()));
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            problems.accept(new TransferProblem(name, "not UTF-8 text; save it as UTF-8 and import again"));
        }
    }

    /** Writes the header and one row per card. */
    static void write(Writer out, Iterable<Card> cards) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String c : EXPORT_COLUMNS) {
            schema.addColumn(c);
        }
        try (var writer = CSV.writer(schema.build())
                .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValues(out)) {
            for (Card c : cards) {
                writer.write(java.util.Arrays.asList(c.id(), c.cardType().wireName(), c.name(), c.summary(),
                        c.content(), c.folder(), String.join(", ", c.tags()), c.status(), c.priority(), c.dueAt(),
                        c.completedAt(), c.eventStart(), c.eventEnd(), c.locationName(), c.latitude(), c.longitude(),
                        c.url(), c.createdAt(), c.modifiedAt()));
            }
        }
    }
}
