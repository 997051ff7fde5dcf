package io.longitude.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.longitude.jobs.cli.LongitudeCli;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture as rules the build enforces (README, "Code map"): the two libraries know nothing of each
 * other or of Spark; everything outside {@code io.longitude.jobs} is Spark-free domain code; no package
 * cycles; a job does not reach into another job; one entry point.
 */
@AnalyzeClasses(packages = "io.longitude", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] SPARK = {"org.apache.spark..", "org.apache.hadoop..", "scala.."};

    @ArchTest
    static final ArchRule fhirIngestKnowsNeitherModelsNorSpark = noClasses()
            .that().resideInAPackage("io.longitude.fhir..")
            .should().dependOnClassesThat().resideInAnyPackage("io.longitude.models..", "io.longitude.jobs..",
                    "io.longitude.cohort..", "io.longitude.config..", "io.longitude.warehouse..",
                    "io.longitude.scoring..", "io.longitude.report..", "io.longitude.writeback..",
                    "io.longitude.meds..", "org.apache.spark..", "org.apache.hadoop..", "scala..");

    @ArchTest
    static final ArchRule modelsKnowNeitherFhirNorSpark = noClasses()
            .that().resideInAPackage("io.longitude.models..")
            .should().dependOnClassesThat().resideInAnyPackage("io.longitude.fhir..", "io.longitude.jobs..",
                    "io.longitude.cohort..", "io.longitude.config..", "io.longitude.warehouse..",
                    "io.longitude.scoring..", "io.longitude.report..", "io.longitude.writeback..",
                    "io.longitude.meds..", "ca.uhn.fhir..", "org.hl7.fhir..",
                    "org.apache.spark..", "org.apache.hadoop..", "scala..");

    @ArchTest
    static final ArchRule domainCodeIsSparkFree = noClasses()
            .that().resideInAPackage("io.longitude..").and().resideOutsideOfPackage("io.longitude.jobs..")
            .should().dependOnClassesThat().resideInAnyPackage(SPARK);

    @ArchTest
    static final ArchRule domainCodeDoesNotCallJobs = noClasses()
            .that().resideInAPackage("io.longitude..").and().resideOutsideOfPackage("io.longitude.jobs..")
            .should().dependOnClassesThat().resideInAPackage("io.longitude.jobs..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.longitude.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule jobsDoNotReachIntoEachOther = slices().matching("io.longitude.jobs.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAnyPackage("io.longitude.jobs.cli..", "io.longitude.jobs.run.."), alwaysTrue());

    @ArchTest
    static final ArchRule oneEntryPoint = methods().that().haveName("main").and().areStatic()
            .should().beDeclaredIn(LongitudeCli.class);
}
