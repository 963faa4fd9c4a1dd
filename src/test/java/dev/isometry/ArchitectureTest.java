package dev.isometry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer rules of the design guide: model <- store <- core <- safety <- bridge <- app. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.isometry");
    }

    @Test
    void modelDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.isometry.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.isometry.store..", "dev.isometry.core..",
                        "dev.isometry.safety..", "dev.isometry.bridge..", "dev.isometry.app..")
                .because("the model is plain values every layer shares")
                .check(classes);
    }

    @Test
    void storeSitsOnTheModelOnly() {
        noClasses().that().resideInAPackage("dev.isometry.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.isometry.core..", "dev.isometry.safety..",
                        "dev.isometry.bridge..", "dev.isometry.app..")
                .because("storage must be testable and usable without any service or UI above it")
                .check(classes);
    }

    @Test
    void coreSitsOnStoreAndModel() {
        noClasses().that().resideInAPackage("dev.isometry.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.isometry.safety..", "dev.isometry.bridge..",
                        "dev.isometry.app..")
                .because("domain services are plain Java, usable from the CLI, the bridge and tests alike")
                .check(classes);
    }

    @Test
    void safetyDoesNotReachUp() {
        noClasses().that().resideInAPackage("dev.isometry.safety..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.isometry.bridge..", "dev.isometry.app..")
                .because("migrations, backups and validation must run before any UI or bridge exists")
                .allowEmptyShould(true) // the safety layer may be empty while it is being built up
                .check(classes);
    }

    @Test
    void bridgeDoesNotKnowTheApp() {
        noClasses().that().resideInAPackage("dev.isometry.bridge..")
                .should().dependOnClassesThat().resideInAPackage("dev.isometry.app..")
                .because("the bridge protocol is tested without a window; the app plugs a transport into it")
                .check(classes);
    }

    @Test
    void nothingBelowTheAppTouchesJavaFxOrTheWebViewBinding() {
        noClasses().that().resideInAnyPackage("dev.isometry.model..", "dev.isometry.store..", "dev.isometry.core..",
                        "dev.isometry.safety..", "dev.isometry.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "netscape..", "com.sun.javafx..",
                        "com.sun.webkit..")
                .because("everything below the app runs and is tested without a UI toolkit")
                .check(classes);
    }
}
