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
            Object r = view.getEngine().executeScript("(function(){var b=document.querySelector('[data-testid=\""
                    + testId + "\"]').getBoundingClientRect();return (b.left+b.width/2)+','+(b.top+b.height/2);})()");
            String[] xy = String.valueOf(r).split(",");
            return view.localToScreen(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
        });
        robot.clickOn(p);
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
