package dev.isometry.bridge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.isometry.core.CardNotFoundException;
import dev.isometry.core.ValidationException;
import dev.isometry.core.VersionConflictException;
import dev.isometry.store.AppliedRequests;
import dev.isometry.store.Database;
import dev.isometry.store.Json;
import dev.isometry.store.ReadOnlyStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request envelope into one reply envelope: checks size, depth and shape, finds the command,
 * decodes its arguments strictly, runs it (writes once per request id) and maps every failure to an
 * {@link ErrorKind} with a plain message. Never throws; stack traces go to the log only. Thread-safe.
 */
public final class BridgeDispatcher {
    private static final Logger log = LoggerFactory.getLogger(BridgeDispatcher.class);
    private static final Set<String> ENVELOPE_FIELDS = Set.of("v", "id", "cmd", "args");
    public static final int PROTOCOL_VERSION = 1;

    private final CommandRegistry registry;
    private final Database db;
    private final AppliedRequests ledger = new AppliedRequests();
    private final ObjectMapper mapper;
    private final BridgeLimits limits;
    private final BridgeMetrics metrics = new BridgeMetrics();

    public BridgeDispatcher(BridgeCommands commands, Database db, BridgeLimits limits) {
        this.registry = new CommandRegistry(commands);
        this.db = db;
        this.limits = limits;
        this.mapper = Json.mapper().copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxMessageChars())
                .build());
        // Wrong argument types are refused, never guessed ("5" is not a number, 5 is not text).
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** The names of every command, sorted. */
    public Set<String> commandNames() {
        return registry.all().keySet();
    }

    /** Handles one request; always returns a reply envelope (JSON text). */
    public String handle(String message) {
        long start = System.nanoTime();
        String id = null;
        String cmd = null;
        boolean ok = false;
        try {
            if (message == null || message.isEmpty()) {
                throw new BridgeException(ErrorKind.INVALID, "empty message");
            }
            if (message.length() > limits.maxMessageChars()) {
                id = peekId(message);
                throw new BridgeException(ErrorKind.TOO_LARGE, "message of " + message.length()
                        + " characters is over the limit of " + limits.maxMessageChars());
            }
            JsonNode root = parse(message);
            if (!root.isObject()) {
                throw new BridgeException(ErrorKind.INVALID, "a request must be a JSON object");
            }
            JsonNode idNode = root.get("id");
            if (idNode != null && idNode.isTextual() && idNode.textValue().length() <= limits.maxIdChars()) {
                id = idNode.textValue();
            }
            checkEnvelope(root);
            cmd = root.get("cmd").textValue();
            CommandRegistry.Handler handler = registry.find(cmd)
                    .orElseThrow(() -> new BridgeException(ErrorKind.INVALID, "unknown command"));
            JsonNode argsNode = root.has("args") ? root.get("args") : mapper.createObjectNode();
            String resultJson = handler.write() ? runWrite(handler, id, argsNode) : runRead(handler, argsNode);
            ok = true;
            return "{\"v\":1,\"id\":" + quote(id) + ",\"ok\":true,\"result\":" + resultJson + "}";
        } catch (Throwable t) {
            return errorReply(id, cmd, t);
        } finally {
            metrics.record(ok || cmd == null || registry.find(cmd).isPresent() ? cmd : "(unknown)",
                    System.nanoTime() - start, ok);
        }
    }

    /** A BUSY reply for a message that could not even be queued. */
    public String busyReply(String message) {
        String id = message != null && message.length() <= limits.maxMessageChars() ? peekId(message) : null;
        return error(id, ErrorKind.BUSY, "too many requests at once; try again");
    }

    private JsonNode parse(String message) {
        try {
            return mapper.readTree(message);
        } catch (StreamConstraintsException e) {
            throw new BridgeException(ErrorKind.TOO_LARGE, "message nested deeper than " + limits.maxDepth()
                    + " levels", e);
        } catch (JsonProcessingException e) {
            throw new BridgeException(ErrorKind.INVALID, "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void checkEnvelope(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENVELOPE_FIELDS.contains(f)) {
                throw new BridgeException(ErrorKind.INVALID, "unknown envelope field \"" + f + "\"");
            }
        }
        JsonNode v = root.get("v");
        if (v == null || !v.isInt() || v.intValue() != PROTOCOL_VERSION) {
            throw new BridgeException(ErrorKind.INVALID, "unsupported protocol version (expected v=1)");
        }
        JsonNode idNode = root.get("id");
        if (idNode == null || !idNode.isTextual() || idNode.textValue().isBlank()
                || idNode.textValue().length() > limits.maxIdChars()) {
            throw new BridgeException(ErrorKind.INVALID, "id must be text of 1.." + limits.maxIdChars() + " characters");
        }
        JsonNode c = root.get("cmd");
        if (c == null || !c.isTextual()) {
            throw new BridgeException(ErrorKind.INVALID, "cmd must be text");
        }
        JsonNode args = root.get("args");
        if (args != null && !args.isObject()) {
            throw new BridgeException(ErrorKind.INVALID, "args must be an object");
        }
    }

    private String runRead(CommandRegistry.Handler h, JsonNode argsNode) throws Throwable {
        return mapper.writeValueAsString(h.invoke(decode(h, argsNode)));
    }

    private String runWrite(CommandRegistry.Handler h, String id, JsonNode argsNode) throws Throwable {
        Object args = decode(h, argsNode);
        String hash = sha256(h.name() + "\n" + argsNode.toString());
        return db.write(tx -> {
            var prior = ledger.find(tx, id);
            if (prior.isPresent()) {
                if (!prior.get().command().equals(h.name()) || !prior.get().payloadHash().equals(hash)) {
                    throw new BridgeException(ErrorKind.INVALID,
                            "request id was already used for a different request; not applied");
                }
                return prior.get().reply();
            }
            try {
                String json = mapper.writeValueAsString(h.invoke(args));
                ledger.record(tx, id, h.name(), hash, json);
                return json;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        });
    }

    private Object decode(CommandRegistry.Handler h, JsonNode argsNode) {
        try {
            return mapper.treeToValue(argsNode, h.argsType());
        } catch (UnrecognizedPropertyException e) {
            throw new BridgeException(ErrorKind.INVALID, "unknown argument \"" + e.getPropertyName() + "\" for "
                    + h.name(), e);
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
                    : r.getFieldName()).collect(Collectors.joining("."));
            throw new BridgeException(ErrorKind.INVALID, "argument " + (path.isEmpty() ? "" : "\"" + path + "\" ")
                    + "of " + h.name() + " has the wrong type", e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BridgeException(ErrorKind.INVALID, "arguments of " + h.name() + " do not fit: "
                    + e.getMessage(), e);
        }
    }

    private String errorReply(String id, String cmd, Throwable t) {
        Throwable cause = t instanceof IllegalStateException && t.getCause() != null ? t.getCause() : t;
        ErrorKind kind;
        String message;
        if (cause instanceof BridgeException be) {
            kind = be.kind();
            message = be.getMessage();
            if (kind == ErrorKind.INTERNAL) {
                log.error("Command {} failed", cmd, cause);
            }
        } else if (cause instanceof ValidationException || cause instanceof IllegalArgumentException) {
            kind = ErrorKind.INVALID;
            message = cause.getMessage();
        } else if (cause instanceof CardNotFoundException) {
            kind = ErrorKind.NOT_FOUND;
            message = cause.getMessage();
        } else if (cause instanceof VersionConflictException) {
            kind = ErrorKind.CONFLICT;
            message = cause.getMessage();
        } else if (cause instanceof ReadOnlyStoreException) {
            kind = ErrorKind.BLOCKED;
            message = cause.getMessage();
        } else if (Database.isBusy(cause)) {
            kind = ErrorKind.BUSY;
            message = "the store is busy; try again";
        } else {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            log.error("Command {} failed (ref {})", cmd, ref, cause);
            kind = ErrorKind.INTERNAL;
            message = "internal error (ref " + ref + "); details are in the log";
        }
        return error(id, kind, message);
    }

    private String error(String id, ErrorKind kind, String message) {
        ObjectNode env = mapper.createObjectNode();
        env.put("v", PROTOCOL_VERSION);
        env.put("id", id);
        env.put("ok", false);
        ObjectNode err = env.putObject("error");
        err.put("kind", kind.name());
        err.put("message", message == null ? kind.name() : message);
        err.put("retryable", kind.retryable());
        return env.toString();
    }

    /** Reads the id of a message without parsing all of it (for replies to oversized messages). */
    private String peekId(String message) {
        try (JsonParser p = mapper.getFactory().createParser(message.substring(0, Math.min(message.length(), 4096)))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (int i = 0; i < 16; i++) {
                JsonToken t = p.nextToken();
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name)) {
                    return value == JsonToken.VALUE_STRING && p.getText().length() <= limits.maxIdChars() ? p.getText() : null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private String quote(String s) throws JsonProcessingException {
        return mapper.writeValueAsString(s);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
