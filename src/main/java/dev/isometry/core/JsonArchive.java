package dev.isometry.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.model.Card;
import dev.isometry.model.Connection;
import dev.isometry.model.ConnectionOrigin;
import dev.isometry.store.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Isometry's lossless archive: {@code {"format":"isometry-archive","version":1,"cards":[…],
 * "connections":[…]}} with every field of every card (trashed ones too) and every connection.
 * Read and written as a stream, so 100k cards need no more memory than one card. Stateless.
 */
final class JsonArchive {
    static final String FORMAT = "isometry-archive";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = Json.mapper();

    private JsonArchive() {
    }

    /** A connection as archived (the origin as its wire name). */
    record ArchivedConnection(String id, String sourceId, String targetId, String viaCardId, String label,
                              double weight, String createdAt, String origin) {
        Connection toConnection() {
            return new Connection(id, sourceId, targetId, viaCardId, label, weight, createdAt,
                    ConnectionOrigin.parse(origin));
        }

        static ArchivedConnection of(Connection c) {
            return new ArchivedConnection(c.id(), c.sourceId(), c.targetId(), c.viaCardId(), c.label(), c.weight(),
                    c.createdAt(), c.origin().wireName());
        }
    }

    /**
     * Streams the cards and connections of an archive to the consumers.
     *
     * @throws ValidationException when the file is not an archive of this shape
     */
    static void read(InputStream in, String file, Consumer<Card> cards, Consumer<Connection> connections,
                     Consumer<TransferProblem> problems) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ValidationException("not an Isometry archive: the file is not a JSON object");
            }
            boolean formatSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format" -> {
                        if (!FORMAT.equals(p.getValueAsString())) {
                            throw new ValidationException("not an Isometry archive (format is \"" + p.getValueAsString()
                                    + "\")");
                        }
                        formatSeen = true;
                    }
                    case "version" -> {
                        if (p.getIntValue() > VERSION) {
                            throw new ValidationException("archive version " + p.getIntValue()
                                    + " is newer than this app reads (" + VERSION + ")");
                        }
                    }
                    case "cards" -> readArray(p, value, Card.class, file, "card", cards, problems);
                    case "connections" -> readArray(p, value, ArchivedConnection.class, file, "connection",
                            c -> connections.accept(c.toConnection()), problems);
                    default -> p.skipChildren();
                }
                if (!formatSeen && !"format".equals(field)) {
                    throw new ValidationException("not an Isometry archive: \"format\" must come first");
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ValidationException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static <T> void readArray(JsonParser p, JsonToken start, Class<T> type, String file, String what,
                                      Consumer<T> sink, Consumer<TransferProblem> problems) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw new ValidationException("\"" + what + "s\" must be a list");
        }
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new ValidationException("the archive ends in the middle of its " + what + "s; it is cut short");
            }
            index++;
            try {
                // One value out of a stream: what follows it belongs to the archive, not to the value.
                sink.accept(JSON.readerFor(type).without(com.fasterxml.jackson.databind.DeserializationFeature
                        .FAIL_ON_TRAILING_TOKENS).<T>readValue(p));
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                problems.accept(new TransferProblem(file + " " + what + " " + index, "does not fit: "
                        + e.getOriginalMessage()));
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
        }
    }

    /** Writes the archive header, then lets the caller stream cards and connections. */
    static final class Writer implements AutoCloseable {
        private final JsonGenerator g;
        private boolean inCards;
        private boolean inConnections;

        Writer(OutputStream out) throws IOException {
            g = JSON.getFactory().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller owns the stream (atomic write)
            g.setCodec(JSON);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeStringField("exportedAt", dev.isometry.model.Timestamps.now());
        }

        void card(Card c) throws IOException {
            if (!inCards) {
                g.writeArrayFieldStart("cards");
                inCards = true;
            }
            g.writeObject(c);
        }

        void connection(Connection c) throws IOException {
            if (inCards) {
                g.writeEndArray();
                inCards = false;
            }
            if (!inConnections) {
                g.writeArrayFieldStart("connections");
                inConnections = true;
            }
            g.writeObject(ArchivedConnection.of(c));
        }

        @Override
        public void close() throws IOException {
            if (inCards || inConnections) {
                g.writeEndArray();
            }
            g.writeEndObject();
            g.close();
        }
    }
}
