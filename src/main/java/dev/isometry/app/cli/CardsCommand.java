package dev.isometry.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.isometry.app.AppContext;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardSummary;
import dev.isometry.model.CardType;
import dev.isometry.store.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code isometry cards ...}: cards from scripts and for support. */
@Command(name = "cards", description = "Add, show, list and delete cards.", mixinStandardHelpOptions = true,
        subcommands = {CardsCommand.Add.class, CardsCommand.Get.class, CardsCommand.ListCards.class,
            CardsCommand.Update.class, CardsCommand.Delete.class})
final class CardsCommand {
    private static final ObjectWriter JSON = Json.mapper().writerWithDefaultPrettyPrinter();

    @ParentCommand
    IsometryCommand root;

    <T> T withStore(Function<AppContext, T> work) {
        try (AppContext ctx = AppContext.openForCommand(Cli.dataDir(root.global.dataDir, root.global.verbose))) {
            return work.apply(ctx);
        }
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print as JSON", e);
        }
    }

    /** Prints the card as JSON, or the one line a person reads; returns success. */
    static int printCard(CommandSpec spec, Card card, boolean json, String line) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, card);
        } else {
            out.println(line);
        }
        out.flush();
        return Cli.OK;
    }

    @Command(name = "add", description = "Add a card and print its id.", mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {
        @ParentCommand
        CardsCommand cards;
        @Spec
        CommandSpec spec;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "note, person, event, resource or task.")
        String type;
        @Option(names = "--name", required = true, description = "The card's name.")
        String name;
        @Option(names = "--content", description = "Markdown content.")
        String content;
        @Option(names = "--summary", description = "A one-line summary.")
        String summary;
        @Option(names = "--folder", description = "Folder.")
        String folder;
        @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeat for more).")
        List<String> tags = new ArrayList<>();
        @Option(names = "--json", description = "Print the whole card as JSON instead of its id.")
        boolean json;

        @Override
        public Integer call() {
            Map<CardField, Object> raw = new EnumMap<>(CardField.class);
            raw.put(CardField.CARD_TYPE, type);
            raw.put(CardField.NAME, name);
            if (content != null) {
                raw.put(CardField.CONTENT, content);
            }
            if (summary != null) {
                raw.put(CardField.SUMMARY, summary);
            }
            if (folder != null) {
                raw.put(CardField.FOLDER, folder);
            }
            if (!tags.isEmpty()) {
                raw.put(CardField.TAGS, tags);
            }
            Map<String, Object> byName = new java.util.LinkedHashMap<>();
            raw.forEach((f, v) -> byName.put(f.wireName(), v));
            CardChanges changes = CardChanges.fromRaw(byName);
            Card card = cards.withStore(ctx -> ctx.cards().create(changes, "cli"));
            return printCard(spec, card, json, card.id());
        }
    }

    @Command(name = "get", description = "Show one card.", mixinStandardHelpOptions = true)
    static final class Get implements Callable<Integer> {
        @ParentCommand
        CardsCommand cards;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The card's id.")
        String id;
        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Card card = cards.withStore(ctx -> ctx.cards().get(id));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                printJson(out, card);
            } else {
                out.printf("id:        %s%ntype:      %s%nname:      %s%nversion:   %d%ncreated:   %s%nmodified:  %s%n",
                        card.id(), card.cardType().wireName(), card.name(), card.version(), card.createdAt(),
                        card.modifiedAt());
                if (card.summary() != null) {
                    out.printf("summary:   %s%n", card.summary());
                }
                if (card.folder() != null) {
                    out.printf("folder:    %s%n", card.folder());
                }
                if (!card.tags().isEmpty()) {
                    out.printf("tags:      %s%n", String.join(", ", card.tags()));
                }
                if (card.deletedAt() != null) {
                    out.printf("trashed:   %s%n", card.deletedAt());
                }
                if (!card.content().isEmpty()) {
                    out.printf("%n%s%n", card.content());
                }
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List cards, most recently changed first.", mixinStandardHelpOptions = true)
    static final class ListCards implements Callable<Integer> {
        @ParentCommand
        CardsCommand cards;
        @Spec
        CommandSpec spec;
        @Option(names = "--type", description = "Only cards of this type.")
        String type;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}, max 1000).")
        int limit;
        @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
        int offset;
        @Option(names = "--json", description = "Print as JSON: {\"items\": [...], \"total\": N}.")
        boolean json;

        @Override
        public Integer call() {
            CardType t = type == null ? null : CardType.parse(type)
                    .orElseThrow(() -> new IllegalArgumentException("unknown card type " + type
                            + " (note, person, event, resource, task)"));
            CardPage page = cards.withStore(ctx -> ctx.cards().list(limit, offset, new CardFilter(t, null, null)));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                printJson(out, page);
            } else {
                for (CardSummary s : page.items()) {
                    out.printf("%s  %-8s  %s  %s%n", s.id(), s.cardType().wireName(), s.modifiedAt(), s.name());
                }
                out.printf("%d of %d card(s)%n", page.items().size(), page.total());
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "update", description = "Change fields of a card.", mixinStandardHelpOptions = true,
            footer = {"", "Fields: cardType, name, content, summary, latitude, longitude, locationName, dueAt,",
                "completedAt, eventStart, eventEnd, folder, tags (comma-separated), status, priority, sortOrder, url.",
                "An empty value clears a field. When the card changed since --base-version, the change is merged",
                "field by field; exit code 3, with the fields listed one per line on stderr, when a field changed",
                "on both sides needs a person to choose (nothing is written then)."})
    static final class Update implements Callable<Integer> {
        @ParentCommand
        CardsCommand cards;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The card's id.")
        String id;
        @Option(names = "--base-version", paramLabel = "N",
                description = "The version the change is based on (default: the current version).")
        Long baseVersion;
        @Option(names = "--set", required = true, paramLabel = "FIELD=VALUE", description = "A field to set (repeat for more).")
        List<String> sets = new ArrayList<>();
        @Option(names = "--json", description = "Print the changed card as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> raw = new java.util.LinkedHashMap<>();
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes FIELD=VALUE (got \"" + s + "\")");
                }
                String field = s.substring(0, eq).strip();
                if (CardField.parse(field).isEmpty()) {
                    throw new IllegalArgumentException("unknown field \"" + field + "\"");
                }
                String value = s.substring(eq + 1);
                raw.put(field, value.isEmpty() ? null : value);
            }
            CardChanges changes = CardChanges.fromRaw(raw);
            Card card = cards.withStore(ctx -> {
                long base = baseVersion != null ? baseVersion : ctx.cards().get(id).version();
                return ctx.cards().update(id, base, changes, "cli");
            });
            return printCard(spec, card, json, "Updated " + card.id() + " to version " + card.version());
        }
    }

    @Command(name = "delete", description = "Move a card to the trash.", mixinStandardHelpOptions = true)
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        CardsCommand cards;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The card's id.")
        String id;

        @Override
        public Integer call() {
            Card card = cards.withStore(ctx -> ctx.cards().trash(id, "cli"));
            spec.commandLine().getOut().printf("Moved to trash: %s (%s)%n", card.id(), card.name());
            spec.commandLine().getOut().flush();
            return Cli.OK;
        }
    }
}
