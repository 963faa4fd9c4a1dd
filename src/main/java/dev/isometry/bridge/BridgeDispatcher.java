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
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.isometry.store.AppliedRequests;
import dev.isometry.store.Database;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Turns one request envelope into one reply envelope: checks size, depth and shape, finds the command,
 * decodes its arguments strictly, runs it (writes once per request id) within the handler timeout
 * ({@link HandlerWatchdog}) and maps every failure to an {@link ErrorKind} with a plain message ({@link ErrorReplies}). Records each
 * command's latency and errors for {@code system:health}, and lets a {@link FaultInjector} break
 * handlers on purpose in tests. Never throws; stack traces go to the log only. Thread-safe.
 */
public final class BridgeDispatcher {
    private static final Set<String> ENVELOPE_FIELDS = Set.of("v", "id", "cmd", "args");
    public static final int PROTOCOL_VERSION = 1;

    private final CommandRegistry registry;
    private final BridgeCommands commands;
    private final Database db;
    private final AppliedRequests ledger = new AppliedRequests();
    private final ObjectMapper mapper;
    private final BridgeLimits limits;
    private final BridgeMetrics metrics = new BridgeMetrics();
    private final ErrorReplies errors;
    private final HandlerWatchdog watchdog;
    private final long startedAt = System.nanoTime();
    private volatile FaultInjector faults = FaultInjector.off();
    private volatile boolean instrumented = true;
    private volatile ThreadPoolExecutor handlerPool;
    /** Writes handed to the writer and not yet answered (bounded: past it a write is refused BUSY). */
    private final AtomicInteger queuedWrites = new AtomicInteger();
    static final int MAX_QUEUED_WRITES = 2_000;
    /** Answers writes not committed within the handler timeout (one daemon thread for every dispatcher). */
    private static final ScheduledThreadPoolExecutor WRITE_TIMEOUTS = writeTimeouts();

    public BridgeDispatcher(BridgeCommands commands, Database db, BridgeLimits limits) {
        this.registry = new CommandRegistry(commands);
        this.commands = commands;
        this.watchdog = new HandlerWatchdog(limits.handlerTimeout());
        commands.attachHealth(this::health);
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
        this.errors = new ErrorReplies(mapper);
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** Lets tests and the development flag break handlers on purpose; {@link FaultInjector#off()} by default. */
    public void injectFaults(FaultInjector injector) {
        this.faults = injector == null ? FaultInjector.off() : injector;
    }

    public FaultInjector faults() {
        return faults;
    }

    /**
     * Turns the handler timeout and the latency histograms off (true by default). Only the benchmark
     * does this, to measure the bare path next to the full one in the same run.
     */
    public void instrumented(boolean on) {
        this.instrumented = on;
    }

    /** Where requests wait for a handler; read by {@code system:health} for the queue depth. */
    void attachHandlers(ThreadPoolExecutor pool) {
        this.handlerPool = pool;
    }

    /** Java's half of {@code system:health}. */
    HostHealth health() {
        ThreadPoolExecutor pool = handlerPool;
        var commands = new java.util.TreeMap<String, HostHealth.CommandHealth>();
        metrics.snapshot().forEach((k, f) -> commands.put(k, new HostHealth.CommandHealth(f.calls(), f.errors(),
                f.p50Micros(), f.p99Micros(), f.maxMicros())));
        return new HostHealth((System.nanoTime() - startedAt) / 1_000_000, pool == null ? 0 : pool.getQueue().size(),
                pool == null ? 0 : pool.getActiveCount(), faults.active(), commands, metrics.errorsByKind(), 0);
    }

    /** The names of every command, sorted. */
    public Set<String> commandNames() {
        return registry.all().keySet();
    }

    /** Handles one request; always returns a reply envelope (JSON text). A write waits for its commit. */
    public String handle(String message) {
        Call call = new Call();
        try {
            open(call, message);
            return call.ok(run(call.handler, call.id, call.args));
        } catch (Throwable t) {
            return call.failed(t);
        }
    }

    /**
     * Handles one request and gives its reply envelope to {@code reply}, exactly once. Reads are answered
     * before this returns. A write is only queued for the store's writer here and answered once its
     * commit returned (on the writer thread), so the calling handler thread is free at once and writes
     * sent together can share one commit (the store's group commit). The handler timeout still applies:
     * a write not committed within it is answered {@code TIMEOUT} (it may still commit later; its retry
     * then gets the recorded reply). Never throws.
     */
    public void handle(String message, Consumer<String> reply) {
        Call call = new Call();
        try {
            open(call, message);
            if (!call.handler.write()) {
                reply.accept(call.ok(run(call.handler, call.id, call.args)));
                return;
            }
            writeLater(call, reply);
        } catch (Throwable t) {
            reply.accept(call.failed(t));
        }
    }

    /** One request on its way through: what is known of it so far, and how it ends. */
    private final class Call {
        final long start = System.nanoTime();
        String id;
        String cmd;
        CommandRegistry.Handler handler;
        JsonNode args;

        String ok(String resultJson) throws JsonProcessingException {
            record(null);
            return "{\"v\":1,\"id\":" + quote(id) + ",\"ok\":true,\"result\":" + resultJson + "}";
        }

        String failed(Throwable t) {
            Throwable cause = ErrorReplies.unwrap(t);
            ErrorKind kind = ErrorReplies.kindOf(cause);
            record(kind);
            return errors.forFailure(id, cmd, cause, kind);
        }

        private void record(ErrorKind failed) {
            if (instrumented) {
                metrics.record(failed == null || cmd == null || registry.find(cmd).isPresent() ? cmd : "(unknown)",
                        System.nanoTime() - start, failed);
            }
        }
    }

    /** Checks the envelope and finds the command; throws a {@link BridgeException} for a bad request. */
    private void open(Call call, String message) {
        if (message == null || message.isEmpty()) {
            throw new BridgeException(ErrorKind.INVALID, "empty message");
        }
        if (message.length() > limits.maxMessageChars()) {
            call.id = peekId(message);
            throw new BridgeException(ErrorKind.TOO_LARGE, "message of " + message.length()
                    + " characters is over the limit of " + limits.maxMessageChars());
        }
        JsonNode root;
        try {
            root = parse(message);
        } catch (BridgeException e) {
            call.id = peekId(message); // a truncated or too deep message still gets a correlated reply
            throw e;
        }
        if (!root.isObject()) {
            throw new BridgeException(ErrorKind.INVALID, "a request must be a JSON object");
        }
        JsonNode idNode = root.get("id");
        if (idNode != null && idNode.isTextual() && idNode.textValue().length() <= limits.maxIdChars()) {
            call.id = idNode.textValue();
        }
        checkEnvelope(root);
        call.cmd = root.get("cmd").textValue();
        call.handler = registry.find(call.cmd)
                .orElseThrow(() -> new BridgeException(ErrorKind.INVALID, "unknown command"));
        if (!commands.serves(call.cmd)) {
            throw new BridgeException(ErrorKind.BLOCKED, "in rollback mode the page's own engine keeps the cards; \""
                    + call.cmd + "\" is not served and nothing was changed");
        }
        call.args = root.has("args") ? root.get("args") : mapper.createObjectNode();
    }

    /** Queues a write for the writer thread; its reply goes out once it is committed, or on the timeout. */
    private void writeLater(Call call, Consumer<String> reply) {
        if (queuedWrites.incrementAndGet() > MAX_QUEUED_WRITES) {
            queuedWrites.decrementAndGet();
            throw new BridgeException(ErrorKind.BUSY, "too many changes are waiting for the store; try again");
        }
        CompletableFuture<String> done;
        FaultInjector f = faults;
        try {
            if (instrumented) {
                f.maybeDelay();
            }
            done = db.writeAsync(writeOnce(call.handler, call.id, call.args, f));
        } catch (RuntimeException | Error e) {
            queuedWrites.decrementAndGet();
            throw e;
        }
        AtomicBoolean answered = new AtomicBoolean();
        ScheduledFuture<?> timer = !instrumented ? null : WRITE_TIMEOUTS.schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                reply.accept(call.failed(ErrorReplies.timeout(call.cmd, limits.handlerTimeout(), null)));
            }
        }, limits.handlerTimeout().toNanos(), TimeUnit.NANOSECONDS);
        done.whenComplete((json, failure) -> {
            queuedWrites.decrementAndGet();
            if (timer != null) {
                timer.cancel(false);
            }
            if (!answered.compareAndSet(false, true)) {
                return; // answered TIMEOUT already; the write is recorded, so its retry gets this reply
            }
            String envelope;
            try {
                envelope = failure == null ? call.ok(json) : call.failed(failure);
            } catch (Throwable t) {
                envelope = call.failed(t);
            }
            reply.accept(envelope);
        });
    }

    /** Runs the handler, within the handler timeout unless the bare benchmark path turned it off. */
    private String run(CommandRegistry.Handler handler, String id, JsonNode argsNode) throws Throwable {
        FaultInjector f = faults;
        if (!instrumented) {
            return handler.write() ? runWrite(handler, id, argsNode, f) : runRead(handler, argsNode, f);
        }
        HandlerWatchdog.Slot slot = watchdog.start();
        String result = null;
        Throwable failure = null;
        try {
            f.maybeDelay();
            result = handler.write() ? runWrite(handler, id, argsNode, f) : runRead(handler, argsNode, f);
        } catch (Throwable t) {
            failure = t;
        }
        if (watchdog.end(slot)) { // interrupted by the timeout (the flag is cleared again)
            throw ErrorReplies.timeout(handler.name(), limits.handlerTimeout(), failure);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** A BUSY reply for a message that could not even be queued. */
    public String busyReply(String message) {
        String id = message != null && message.length() <= limits.maxMessageChars() ? peekId(message) : null;
        metrics.recordRefused(ErrorKind.BUSY);
        return errors.envelope(id, ErrorKind.BUSY, "too many requests at once; try again", null);
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

    private String runRead(CommandRegistry.Handler h, JsonNode argsNode, FaultInjector f) throws Throwable {
        String json = mapper.writeValueAsString(h.invoke(decode(h, argsNode)));
        f.maybeFail(h.name());
        return json;
    }

    private String runWrite(CommandRegistry.Handler h, String id, JsonNode argsNode, FaultInjector f) {
        return db.write(writeOnce(h, id, argsNode, f));
    }

    /** A write's work for its transaction, its arguments decoded (and refused) before it is queued. */
    private Function<DSLContext, String> writeOnce(CommandRegistry.Handler h, String id, JsonNode argsNode,
                                                  FaultInjector f) {
        Object args = decode(h, argsNode);
        String hash = sha256(h.name() + "\n" + argsNode.toString());
        return tx -> applyOnce(tx, h, id, args, hash, f);
    }

    /**
     * A write inside its transaction: applied once per request id, with the id recorded beside it; a
     * request seen before gets its first reply (or is refused when abandoned or different).
     */
    private String applyOnce(DSLContext tx, CommandRegistry.Handler h, String id, Object args, String hash,
                             FaultInjector f) {
        var prior = ledger.find(tx, id);
        if (prior.isPresent()) {
            if (prior.get().abandoned()) {
                throw new BridgeException(ErrorKind.INVALID,
                        "this change was given up on after no answer came, and was not applied");
            }
            if (!prior.get().command().equals(h.name()) || !prior.get().payloadHash().equals(hash)) {
                throw new BridgeException(ErrorKind.INVALID,
                        "request id was already used for a different request; not applied");
            }
            return prior.get().reply();
        }
        try {
            String json = mapper.writeValueAsString(h.invoke(args));
            f.maybeFail(h.name()); // after the work, inside the transaction: the write rolls back
            ledger.record(tx, id, h.name(), hash, json);
            return json;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private Object decode(CommandRegistry.Handler h, JsonNode argsNode) {
        try {
            return mapper.treeToValue(argsNode, h.argsType());
        } catch (UnrecognizedPropertyException e) {
            throw new BridgeException(ErrorKind.INVALID, "unknown argument \"" + e.getPropertyName() + "\" for "
                    + h.name(), e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new BridgeException(ErrorKind.INVALID, "argument " + pathOf(e) + "of " + h.name()
                    + " has the wrong type or is out of range", e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Jackson's own text names classes and byte offsets: never show it to the page.
            throw new BridgeException(ErrorKind.INVALID, "an argument of " + h.name()
                    + " has the wrong type or is out of range", e);
        }
    }

    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
                : r.getFieldName()).collect(Collectors.joining("."));
        return path.isEmpty() ? "" : "\"" + path + "\" ";
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

    private static ScheduledThreadPoolExecutor writeTimeouts() {
        var timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "isometry-write-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // committed writes cancel their timer: keep the queue small
        return timer;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
