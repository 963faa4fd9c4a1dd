package dev.isometry.ui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Point2D;
import javafx.scene.web.WebView;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the app's page in a WebView as a person would: clicks by element, types, reads the DOM. */
final class WebPage {
    private final FxRobot robot;
    private final WebView view;

    WebPage(FxRobot robot, WebView view) {
        this.robot = robot;
        this.view = view;
    }

    WebView view() {
        return view;
    }

    /** Runs a script on the FX thread and returns its result. */
    Object js(String script) {
        return onFx(() -> view.getEngine().executeScript(script));
    }

    String text(String testId) {
        return String.valueOf(js("(function(){var e=document.querySelector('[data-testid=\"" + testId
                + "\"]');return e?e.textContent:'';})()"));
    }

    boolean exists(String selector) {
        return Boolean.TRUE.equals(js("document.querySelector('" + selector.replace("'", "\\'") + "') !== null"));
    }

    /** Clicks the middle of the element with this data-testid, through the real input path. */
    void click(String testId) {
        waitUntil(Duration.ofSeconds(10), () -> exists("[data-testid=\"" + testId + "\"]"), "element " + testId);
        Point2D p = onFx(() -> {
            Object r = view.getEngine().executeScript("(function(){var e=document.querySelector('[data-testid=\""
                    + testId + "\"]');e.scrollIntoView({block:'center'});var b=e.getBoundingClientRect();"
                    + "return (b.left+b.width/2)+','+(b.top+b.height/2);})()");
            String[] xy = String.valueOf(r).split(",");
            return view.localToScreen(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
        });
        robot.clickOn(p);
    }

    /** Sets a form control's value as a person's edit would (for controls a robot cannot type into). */
    void setValue(String testId, String value, String eventName) {
        js("(function(){var e=document.querySelector('[data-testid=\"" + testId + "\"]');e.value='"
                + value.replace("'", "\\'") + "';e.dispatchEvent(new Event('" + eventName + "',{bubbles:true}));})()");
    }

    String value(String testId) {
        return String.valueOf(js("(function(){var e=document.querySelector('[data-testid=\"" + testId
                + "\"]');return e?e.value:null;})()"));
    }

    /** The text of every element with this data-testid, joined by "|". */
    String texts(String testId) {
        return String.valueOf(js("Array.from(document.querySelectorAll('[data-testid=\"" + testId + "\"]'))"
                + ".map(function(e){return e.textContent;}).join('|')"));
    }

    /** Clicks the list row whose text contains {@code name}. */
    /**
     * Clicks the list row whose text holds {@code name}. The live list may draw itself again between
     * finding the row and the click landing (rows move when a change arrives), so the click is made again,
     * at the row's new place, when no row holding the name became the current one within two seconds; at
     * most three clicks. Callers still check what the click was to do.
     */
    void clickCard(String name) {
        waitUntil(Duration.ofSeconds(10), () -> texts("card-item").contains(name), "the card " + name + " in the list");
        String row = "(function(){var rows=document.querySelectorAll('[data-testid=\"card-item\"]');"
                + "for(var i=0;i<rows.length;i++){if(rows[i].textContent.indexOf('" + name.replace("'", "\\'")
                + "')>=0){return rows[i];}}return null;})()";
        for (int attempt = 0; attempt < 3; attempt++) {
            Point2D p = onFx(() -> {
                Object r = view.getEngine().executeScript("(function(){var row=" + row + ";if(!row)return null;"
                        + "var b=row.getBoundingClientRect();return (b.left+b.width/2)+','+(b.top+Math.min(b.height/2,12));})()");
                String[] xy = String.valueOf(r).split(",");
                return view.localToScreen(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
            });
            robot.clickOn(p);
            try {
                WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(js(
                        "(function(){var row=" + row + ";return !!row&&row.getAttribute('aria-current')==='true';})()")));
                return;
            } catch (TimeoutException e) {
                // the row moved under the click: find it again
            }
        }
    }

    void type(String text) {
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    void waitUntil(Duration limit, Callable<Boolean> condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + limit + " waiting for " + what, e);
        }
    }

    private static <T> T onFx(Callable<T> work) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(work));
    }
}
