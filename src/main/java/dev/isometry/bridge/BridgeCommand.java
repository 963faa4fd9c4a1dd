package dev.isometry.bridge;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a method of {@link BridgeCommands} as the handler of one {@code area:verb} command. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BridgeCommand {
    /** The command name, {@code area:verb}. */
    String value();

    /**
     * True for commands that change stored data: they run in one write transaction together with the
     * record of their request id, so a retried or replayed request is applied once.
     */
    boolean write() default false;
}
