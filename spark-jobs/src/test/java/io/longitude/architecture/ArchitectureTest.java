package io.longitude.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.longitude.jobs.cli.LongitudeCli;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture as rules the build enforces (README, "Code map"): the two libraries know nothing of each
 * other, of the rest of Longitude or of Spark; everything outside {@code io.longitude.jobs} is Spark-free domain
 * code; no package cycles; a job does not reach into another job, nor the shared Spark helpers into a job; no
 * master URL in code; one entry point. The rules name packages by pattern, so a new domain package (e.g.
 * {@code io.longitude.scoring}) or job package ({@code io.longitude.jobs.score}) is checked as soon as it exists.
 */
@AnalyzeClasses(packages = "io.longitude", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] SPARK = {"org.apache.spark..", "org.apache.hadoop..", "scala.."};

    @ArchTest
    static final ArchRule fhirIngestKnowsNeitherModelsNorSpark = noClasses()
            .that().resideInAPackage("io.longitude.fhir..")
            .should().dependOnClassesThat(resideInAPackage("io.longitude..")
                    .and(resideOutsideOfPackage("io.longitude.fhir..")))
            .orShould().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
            .orShould().dependOnClassesThat().resideInAnyPackage(SPARK);

    @ArchTest
    static final ArchRule modelsKnowNeitherFhirNorSpark = noClasses()
            .that().resideInAPackage("io.longitude.models..")
            .should().dependOnClassesThat(resideInAPackage("io.longitude..")
                    .and(resideOutsideOfPackage("io.longitude.models..")))
            .orShould().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir..", "org.hl7.fhir..")
            .orShould().dependOnClassesThat().resideInAnyPackage(SPARK);

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
    static final ArchRule sharedSparkHelpersDoNotReachIntoJobs = noClasses()
            .that().resideInAPackage("io.longitude.jobs")
            .should().dependOnClassesThat(resideInAPackage("io.longitude.jobs..")
                    .and(not(resideInAPackage("io.longitude.jobs"))));

    @ArchTest
    static final ArchRule noMasterUrlInCode = noClasses()
            .should().callMethod(SparkSession.Builder.class, "master", String.class)
            .orShould().callMethod(SparkConf.class, "setMaster", String.class);

    @ArchTest
    static final ArchRule oneEntryPoint = methods().that().haveName("main").and().areStatic()
            .should().beDeclaredIn(LongitudeCli.class);
}
