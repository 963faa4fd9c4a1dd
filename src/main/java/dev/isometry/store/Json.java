package dev.isometry.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.isometry.model.CardType;
import java.io.IOException;

/**
 * The one JSON configuration of the app (store snapshots, bridge envelopes, CLI output): card types by
 * their wire names, unknown properties refused. The returned mapper is thread-safe once configured.
 */
public enum Json {
    ;

    private static final ObjectMapper MAPPER = create();

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule module = new SimpleModule("isometry");
        module.addSerializer(CardType.class, new JsonSerializer<>() {
            @Override
            public void serialize(CardType value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(value.wireName());
            }
        });
        module.addDeserializer(CardType.class, new JsonDeserializer<>() {
            @Override
            public CardType deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getValueAsString();
                return CardType.parse(text).orElseThrow(() -> ctx.weirdStringException(text, CardType.class,
                        "not one of note, person, event, resource, task"));
            }
        });
        return new ObjectMapper()
                .registerModule(module)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
