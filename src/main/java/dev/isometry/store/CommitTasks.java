package dev.isometry.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jooq.DSLContext;

/**
 * Work a group transaction runs once, just before its commit, after every write of the group: derived
 * data that each write would otherwise bring up to date on its own (see {@link Database#beforeCommit}).
 * Each task is a named set of values and what to do with them; a write adds values, the commit runs
 * each task once with all of them. A write rolled back to its savepoint takes its values back.
 *
 * <p>Writer thread only; one instance per attempt at a group, so a group tried again after SQLITE_BUSY
 * starts empty.
 */
final class CommitTasks {
    /** The key under which a group's tasks hang off its {@link DSLContext}'s configuration. */
    static final String KEY = "isometry.commitTasks";

    private record Task(Set<Object> values, BiConsumer<DSLContext, Set<Object>> run) {
    }

    /** One value added by a write, kept so a rollback to the write's savepoint can take it back. */
    private record Added(String name, Object value) {
    }

    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<Added> added = new ArrayList<>();

    @SuppressWarnings("unchecked")
    <V> void add(String name, V value, BiConsumer<DSLContext, Set<V>> run) {
        Task task = tasks.computeIfAbsent(name,
                n -> new Task(new LinkedHashSet<>(), (BiConsumer<DSLContext, Set<Object>>) (BiConsumer<?, ?>) run));
        if (task.values().add(value)) {
            added.add(new Added(name, value));
        }
    }

    /** A point to come back to when the write that starts here is rolled back. */
    int mark() {
        return added.size();
    }

    /** Takes back every value added since {@code mark}. */
    void rewind(int mark) {
        for (int i = added.size() - 1; i >= mark; i--) {
            Added a = added.remove(i);
            Task task = tasks.get(a.name());
            task.values().remove(a.value());
            if (task.values().isEmpty()) {
                tasks.remove(a.name());
            }
        }
    }

    /**
     * Runs the tasks, each once with the values it collected; values a task adds while running (or
     * another task adds) are run in a further round. Throws what a task throws: the group then fails.
     */
    void runAll(DSLContext tx) {
        while (!tasks.isEmpty()) {
            List<Map.Entry<String, Task>> round = new ArrayList<>(tasks.entrySet());
            tasks.clear();
            added.clear();
            for (Map.Entry<String, Task> e : round) {
                Task task = e.getValue();
                task.run().accept(tx, java.util.Collections.unmodifiableSet(task.values()));
            }
        }
    }
}
