package dev.isometry.bridge;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The commands of a {@link BridgeCommands} instance, found once by their {@link BridgeCommand}
 * annotation. Immutable after construction; thread-safe.
 */
final class CommandRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z]+:[a-zA-Z]+");

    /** One command: its name, whether it writes, its argument type and how to run it. */
    record Handler(String name, boolean write, Class<?> argsType, Method method, Object target) {
        Object invoke(Object args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private final Map<String, Handler> handlers;

    CommandRegistry(Object commands) {
        Map<String, Handler> found = new TreeMap<>();
        for (Method m : commands.getClass().getMethods()) {
            BridgeCommand ann = m.getAnnotation(BridgeCommand.class);
            if (ann == null) {
                continue;
            }
            if (!NAME.matcher(ann.value()).matches()) {
                throw new IllegalStateException("Command name must be area:verb: " + ann.value());
            }
            if (m.getParameterCount() != 1 || !m.getParameterTypes()[0].isRecord() || Modifier.isStatic(m.getModifiers())) {
                throw new IllegalStateException("Command " + ann.value() + " must take exactly one record argument");
            }
            if (found.put(ann.value(), new Handler(ann.value(), ann.write(), m.getParameterTypes()[0], m, commands)) != null) {
                throw new IllegalStateException("Command declared twice: " + ann.value());
            }
        }
        this.handlers = Collections.unmodifiableMap(found);
    }

    Optional<Handler> find(String name) {
        return Optional.ofNullable(handlers.get(name));
    }

    Map<String, Handler> all() {
        return handlers;
    }
}
