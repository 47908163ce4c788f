package dev.promptly.worker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Rules of the worker's layout (STYLE.md) that the compiler cannot check. */
class PackageRulesTest {
  private static final JavaClasses WORKER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.promptly.worker");

  @Test
  void onlyTheLlmPackageImportsLangchain4j() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.promptly.worker.llm..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.langchain4j..")
        .because("provider wire types never leak past llm/")
        .check(WORKER);
  }

  @Test
  void theLlmPackageImportsNoJobPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.promptly.worker.llm..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.promptly.worker.claims..",
            "dev.promptly.worker.leases..",
            "dev.promptly.worker.attempts..",
            "dev.promptly.worker.calls..",
            "dev.promptly.worker.messaging..")
        .because("llm/ translates provider errors into failures; it knows nothing of jobs")
        .check(WORKER);
  }
}
