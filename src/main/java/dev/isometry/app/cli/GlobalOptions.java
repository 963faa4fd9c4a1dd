package dev.isometry.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, before or after the subcommand name. */
public final class GlobalOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Data directory (default: $ISOMETRY_HOME, else $XDG_DATA_HOME/isometry, else ~/.local/share/isometry).")
    Path dataDir;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log to stderr and show stack traces on errors.")
    boolean verbose;
}
