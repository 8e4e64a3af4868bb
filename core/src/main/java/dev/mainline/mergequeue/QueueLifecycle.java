package dev.mainline.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.SourceRepository;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The one lifecycle of a forge's merge queues, local and GitHub alike. A queue starts when first used, with the
 * settings on its repository's main branch and its files (journal, last good settings) in its own directory. When the
 * settings on main change, valid ones make the queue start again with them (its journal keeps everything; CI that was
 * running is run again), and invalid ones leave it running on its last good settings — kept beside its journal, so a
 * restart keeps them too — while {@link #settingsProblem} says what is wrong. Only a repository whose main never had
 * good settings has no queue, and every use says why.
 *
 * @param <P> what the forge starts for one repository's queue
 */
public final class QueueLifecycle<P extends QueueLifecycle.Parts> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueLifecycle.class.getName());
    private static final String LAST_GOOD = "last-good.mainline.yml";
    private static final String SETTINGS_FILE = ".mainline.yml";

    /** A started queue's parts: its runner, and everything to stop with it. */
    public interface Parts {
        QueueRunner runner();

        void stop();
    }

    /** The settings on main: a version that changes when they change, and the file's text (empty: there is none). */
    public record SettingsOnMain(String version, Optional<String> text) {
        public SettingsOnMain {
            requireNonNull(version, "version is null");
            requireNonNull(text, "text is null");
        }
    }

    /** What one forge does for its repositories' queues. */
    public interface Site<P extends Parts> {
        /** The settings on the repository's main branch now; {@code running} is its queue if one runs. */
        SettingsOnMain settingsOnMain(SourceRepository source, Optional<P> running);

        /** The settings in a file's text (empty: no file) as this forge runs them; refused naming the line. */
        RepositorySettings settings(Optional<String> text);

        /** Starts the repository's queue with {@code settings}, its files in {@code directory}. */
        P start(SourceRepository source, RepositorySettings settings, Path directory);
    }

    /** A running queue, the version of main's settings it last looked at, and what is wrong with them if anything. */
    private record Held<P>(P parts, String version, Optional<String> problem) {
    }

    private final Site<P> site;
    private final Path queuesRoot;
    private final Map<RepositoryName, Held<P>> running = new ConcurrentHashMap<>();
    /** Queues stopped for new settings whose thread had not ended yet. */
    private final Map<RepositoryName, P> stopping = new ConcurrentHashMap<>();

    private final QueueNotices notices;

    /** {@code notices} hears of every bad settings file found on a main branch, once per file. */
    public QueueLifecycle(Site<P> site, Path queuesRoot, QueueNotices notices) {
        this.site = requireNonNull(site, "site is null");
        this.queuesRoot = requireNonNull(queuesRoot, "queuesRoot is null");
        this.notices = requireNonNull(notices, "notices is null");
    }

    /** Where a repository's queue keeps its files; refused when its name would lead anywhere else. */
    public Path directory(RepositoryName name) {
        Path root = queuesRoot.toAbsolutePath().normalize();
        Path directory = root.resolve(name.value()).normalize();
        if (!directory.startsWith(root) || directory.equals(root)) {
            throw MainlineException.invalid("'%s' does not name a place under %s", name, root);
        }
        return directory;
    }

    /** The repository's queue, started if it does not run; its settings are not looked at again. */
    public synchronized P started(SourceRepository source) {
        Held<P> existing = running.get(source.name());
        if (existing != null) {
            return existing.parts();
        }
        P old = stopping.get(source.name());
        if (old != null) {
            if (!old.runner().hasStopped()) {
                // Its thread may still be in the repository: a second queue now would work beside it.
                throw MainlineException.queueNotRunning(
                        "the merge queue of %s is still stopping to take its new settings; try again", source.name());
            }
            stopping.remove(source.name());
        }
        Held<P> started = start(source);
        running.put(source.name(), started);
        return started.parts();
    }

    /**
     * The repository's queue after looking at the settings on main: unchanged, it is the running queue; changed and
     * valid, the queue starts again with them; changed and invalid, the running queue goes on with its last good
     * settings and {@link #settingsProblem} says why.
     */
    public P refreshed(SourceRepository source) {
        Held<P> existing = running.get(source.name());
        if (existing != null
                && site.settingsOnMain(source, Optional.of(existing.parts())).version().equals(existing.version())) {
            return existing.parts();
        }
        synchronized (this) {
            existing = running.get(source.name());
            if (existing == null) {
                return started(source);
            }
            SettingsOnMain now = site.settingsOnMain(source, Optional.of(existing.parts()));
            if (now.version().equals(existing.version())) {
                return existing.parts();
            }
            Optional<String> problem = problemWith(now.text());
            if (problem.isPresent()) {
                LOG.warning(
                        () -> "the %s on the main branch of %s cannot be used: %s; its merge queue goes on with its last good settings"
                                .formatted(SETTINGS_FILE, source.name(), problem.get()));
                running.put(source.name(), new Held<>(existing.parts(), now.version(), problem));
                notices.settingsRefused(source.name(), problem.get());
                return existing.parts();
            }
            LOG.info(() -> "%s changed on the main branch of %s: its merge queue starts again with it"
                    .formatted(SETTINGS_FILE, source.name()));
            running.remove(source.name());
            existing.parts().stop();
            if (!existing.parts().runner().hasStopped()) {
                stopping.put(source.name(), existing.parts());
            }
            return started(source);
        }
    }

    /** What is wrong with the settings on main when the queue runs on its last good ones; empty otherwise. */
    public Optional<String> settingsProblem(RepositoryName name) {
        return Optional.ofNullable(running.get(name)).flatMap(Held::problem);
    }

    /** What is wrong with settings in {@code text} (empty: no file), naming the line; empty when they are good. */
    public Optional<String> problemWith(Optional<String> text) {
        try {
            site.settings(text);
            return Optional.empty();
        } catch (MainlineException e) {
            return Optional.of(e.getMessage());
        }
    }

    public Optional<P> ifRunning(RepositoryName name) {
        return Optional.ofNullable(running.get(name)).map(Held::parts);
    }

    /** The queues running now. */
    public List<P> runningQueues() {
        return running.values().stream().map(Held::parts).toList();
    }

    private Held<P> start(SourceRepository source) {
        SettingsOnMain onMain = site.settingsOnMain(source, Optional.empty());
        Path directory = directory(source.name());
        Path lastGood = directory.resolve(LAST_GOOD);
        RepositorySettings settings;
        Optional<String> problem = Optional.empty();
        try {
            settings = site.settings(onMain.text());
            keep(lastGood, onMain.text().orElse(""));
        } catch (MainlineException e) {
            MainlineException stopped = MainlineException.queueNotRunning(
                    "the merge queue of %s does not run: the %s on '%s': %s", source.name(), SETTINGS_FILE,
                    source.defaultBranch(), e.getMessage());
            settings = lastGood(lastGood).orElseThrow(() -> stopped);
            problem = Optional.of(e.getMessage());
            notices.settingsRefused(source.name(), e.getMessage());
            LOG.warning(
                    () -> "the %s on the main branch of %s cannot be used: %s; its merge queue runs with its last good settings"
                            .formatted(SETTINGS_FILE, source.name(), e.getMessage()));
        }
        return new Held<>(site.start(source, settings, directory), onMain.version(), problem);
    }

    private Optional<RepositorySettings> lastGood(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(site.settings(text.isEmpty() ? Optional.empty() : Optional.of(text)));
        } catch (IOException | MainlineException e) {
            LOG.warning(() -> "the last good settings in %s cannot be read: %s".formatted(file, e.getMessage()));
            return Optional.empty();
        }
    }

    /** Writes the last good settings whole or not at all: a crash mid-write leaves the previous ones. */
    private static void keep(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.writeString(file.resolveSibling(LAST_GOOD + ".new"), text, StandardCharsets.UTF_8);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the settings in " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        List<Held<P>> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(held -> held.parts().stop());
    }
}
