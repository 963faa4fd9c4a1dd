package dev.isometry.app;

import dev.isometry.bridge.BridgeDispatcher;
import dev.isometry.bridge.BridgeEndpoint;
import dev.isometry.bridge.PageChannel;
import dev.isometry.bridge.HostActions;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
import netscape.javascript.JSObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.events.DocumentEvent;
import org.w3c.dom.events.Event;
import org.w3c.dom.events.EventTarget;

/**
 * A WebView showing the app's own page, and the bridge between them. The bridge object is installed
 * only when the loaded page is ours (under the bundled {@code web/} folder); any navigation elsewhere is
 * cancelled, and web links go to the system browser instead. FX thread only.
 */
final class PageHost {
    private static final Logger log = LoggerFactory.getLogger(PageHost.class);
    static final String HOST_MEMBER = "isometryHost";
    static final String HOST_READY_EVENT = "isometry:host-ready";

    private final WebView view;
    private final WebEngine engine;
    /** The page now in use: native, or rollback mode's (they differ in where they load from, decision 40). */
    private String pageUrl;
    private String pageBase;
    private final HostActions host;
    private final FxReplySink sink = new FxReplySink();
    /** Held here on purpose: WebKit keeps only a weak reference to objects given to setMember. */
    private BridgeEndpoint endpoint;
    private PageChannel channel;
    private boolean bridgeInstalled;
    private boolean pageLoaded;
    private boolean closed;

    /**
     * @param bridge completes with the dispatcher and the executor for its handlers once the store is
     *               open; the page loads meanwhile and gets the bridge when both are ready
     */
    PageHost(WebView view, CompletableFuture<BridgeWiring> bridge, HostActions host, Path webStorageDir) {
        this(view, bridge, host, webStorageDir, RollbackPage.nativePage());
    }

    /** @param page the page to load first (native mode's, or rollback mode's) */
    PageHost(WebView view, CompletableFuture<BridgeWiring> bridge, HostActions host, Path webStorageDir, URL page) {
        this.view = view;
        this.engine = view.getEngine();
        this.host = host;
        usePage(page);
        bridge.thenAccept(w -> Platform.runLater(() -> {
            if (closed) {
                closeChannel(w.channel());
                return;
            }
            endpoint = new BridgeEndpoint(w.dispatcher(), w.handlers(), sink, w.arrivals());
            channel = w.channel();
            if (pageLoaded && isOwnPage(engine.getLocation())) {
                installBridge();
            }
        }));
        view.setContextMenuEnabled(false);
        engine.setJavaScriptEnabled(true);
        if (webStorageDir != null) {
            engine.setUserDataDirectory(webStorageDir.toFile());
        }
        engine.setCreatePopupHandler(features -> null); // no pop-up windows, ever
        engine.locationProperty().addListener((obs, old, location) -> guardNavigation(location));
        engine.getLoadWorker().stateProperty().addListener((obs, old, state) -> onLoadState(state));
    }

    WebView view() {
        return view;
    }

    WebEngine engine() {
        return engine;
    }

    void load() {
        engine.load(pageUrl);
    }

    void reload() {
        engine.reload();
    }

    /**
     * Takes the bridge away from the page: nothing the page sends reaches the store until
     * {@link #rewire(BridgeWiring)}. Used while the store is swapped (a restore).
     */
    void disconnect() {
        uninstallBridge();
        endpoint = null;
        closeChannel(channel);
        channel = null;
    }

    /** The window is closing: the bridge goes and the page's live views are dropped. */
    void close() {
        closed = true;
        disconnect();
        engine.load("about:blank");
    }

    private static void closeChannel(PageChannel c) {
        if (c != null) {
            c.close();
        }
    }

    /** Connects the page to a newly opened store and reloads it, so it starts afresh on the new bridge. */
    void rewire(BridgeWiring w) {
        uninstallBridge();
        closeChannel(channel);
        endpoint = new BridgeEndpoint(w.dispatcher(), w.handlers(), sink, w.arrivals());
        channel = w.channel();
        engine.reload();
    }

    /**
     * Loads another of the app's pages (native mode's or rollback mode's) connected to a new bridge: the
     * old bridge is removed first, and only the new page counts as the app's own from now on.
     */
    void switchTo(URL page, BridgeWiring w) {
        uninstallBridge();
        closeChannel(channel);
        endpoint = new BridgeEndpoint(w.dispatcher(), w.handlers(), sink, w.arrivals());
        channel = w.channel();
        usePage(page);
        engine.load(pageUrl);
    }

    private void usePage(URL page) {
        this.pageUrl = page.toExternalForm();
        String path = pageUrl.contains("?") ? pageUrl.substring(0, pageUrl.indexOf('?')) : pageUrl;
        this.pageBase = path.substring(0, path.lastIndexOf('/') + 1);
    }

    /**
     * Writes the page has not had answered yet (its outbox in localStorage), or -1 when it cannot be asked.
     * Rollback mode cannot carry them over, so entering it is refused while there are any.
     */
    int queuedWrites() {
        try {
            // Native writes only: rollback mode's own saves in the outbox are not writes to the store.
            Object n = engine.executeScript("(function(){try{var n=0;for(var i=0;i<localStorage.length;i++){"
                    + "var k=String(localStorage.key(i));if(k.indexOf('" + dev.isometry.safety.QueuedWrites.OUTBOX_PREFIX
                    + "')!==0){continue;}var c='';try{c=String(JSON.parse(localStorage.getItem(k)).command);}catch(x){}"
                    + "if(c.indexOf('rollback:')!==0){n++;}}return n;}catch(e){return -1;}})()");
            return n instanceof Number num ? num.intValue() : -1;
        } catch (RuntimeException e) {
            log.warn("Could not count the page's unsent writes: {}", e.getMessage());
            return -1;
        }
    }

    String pageUrl() {
        return pageUrl;
    }

    /** True when {@code location} is the app's own page (or a fragment of it). */
    boolean isOwnPage(String location) {
        return location != null && normalize(location).startsWith(normalize(pageBase)) && !location.contains("..");
    }

    /** WebKit reports {@code file:///x} where Java's URL says {@code file:/x}; compare one form. */
    private static String normalize(String url) {
        return url.replace("file:///", "file:/");
    }

    boolean bridgeInstalled() {
        return bridgeInstalled;
    }

    private void guardNavigation(String location) {
        if (location == null || location.isEmpty() || isOwnPage(location)) {
            return;
        }
        log.warn("Refused navigation to {}", location);
        uninstallBridge();
        Platform.runLater(() -> {
            engine.getLoadWorker().cancel();
            if (location.startsWith("http://") || location.startsWith("https://") || location.startsWith("mailto:")) {
                host.openExternal(URI.create(location));
            }
            if (!isOwnPage(engine.getLocation())) {
                engine.load(pageUrl);
            }
        });
    }

    private void onLoadState(Worker.State state) {
        if (state == Worker.State.RUNNING || state == Worker.State.SCHEDULED) {
            pageLoaded = false;
            uninstallBridge();
        } else if (state == Worker.State.SUCCEEDED) {
            pageLoaded = true;
            if (endpoint != null && isOwnPage(engine.getLocation())) {
                installBridge();
            } else {
                uninstallBridge();
            }
        }
    }

    /**
     * The dispatcher, the threads its handlers run on, an optional arrival clock (benchmarks), and the
     * page's push channel (null for none).
     */
    record BridgeWiring(BridgeDispatcher dispatcher, Executor handlers, LongConsumer arrivals, PageChannel channel) {
        BridgeWiring(BridgeDispatcher dispatcher, Executor handlers) {
            this(dispatcher, handlers, null, null);
        }

        BridgeWiring(BridgeDispatcher dispatcher, Executor handlers, PageChannel channel) {
            this(dispatcher, handlers, null, channel);
        }
    }

    private void installBridge() {
        JSObject window = (JSObject) engine.executeScript("window");
        window.setMember(HOST_MEMBER, endpoint);
        sink.attach(window, engine.getDocument());
        sink.windowLookup(() -> bridgeInstalled ? (JSObject) engine.executeScript("window") : null);
        if (channel != null) {
            channel.attach(sink);
        }
        bridgeInstalled = true;
        dispatch(HOST_READY_EVENT);
        log.info("Bridge installed for {}", engine.getLocation());
    }

    private void uninstallBridge() {
        if (!bridgeInstalled) {
            return;
        }
        bridgeInstalled = false;
        sink.attach(null, null);
        if (channel != null) {
            channel.detach(); // the page that subscribed is going: its live views go with it
        }
        try {
            JSObject window = (JSObject) engine.executeScript("window");
            window.removeMember(HOST_MEMBER);
        } catch (RuntimeException e) {
            log.debug("Bridge removal: {}", e.getMessage());
        }
    }

    private void dispatch(String eventName) {
        if (engine.getDocument() instanceof DocumentEvent de && engine.getDocument() instanceof EventTarget t) {
            Event ev = de.createEvent("Event");
            ev.initEvent(eventName, false, false);
            t.dispatchEvent(ev);
        }
    }
}
