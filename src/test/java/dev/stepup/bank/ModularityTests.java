package dev.stepup.bank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions.ElementsWithoutRelationships;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modules of DESIGN.md as the code has them: every top-level package under
 * {@code dev.stepup.bank} is a module, dependencies between them point one way,
 * and a module reaches into another only through its public surface (its own
 * package, or a sub-package it names with {@code @NamedInterface}).
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(BankApplication.class);

	/** The diagram DESIGN.md shows. */
	static final Path DIAGRAM = Path.of("docs", "modules", "components.puml");

	static final String GENERATED = "target/modules";

	@Test
	void modulesWhenVerifiedThenNoCycleAndNoReachIntoAnotherModulesInternals() {
		MODULES.verify();
	}

	/**
	 * Drawn from the code on every build: a diagram that no longer matches is
	 * rewritten in place and the build fails until the new one is committed.
	 * Compared line by line in any order: Documenter lists the same modules and
	 * relations in an order that changes from run to run.
	 */
	@Test
	void moduleDiagramWhenDrawnFromTheCodeThenTheCommittedOneIsTheSame() throws IOException {
		// every module drawn, also one whose only uses of another are inlined constants (openapi)
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(GENERATED))
			.writeModulesAsPlantUml(Documenter.DiagramOptions.defaults()
				.withElementsWithoutRelationships(ElementsWithoutRelationships.VISIBLE));
		String drawn = Files.readString(Path.of(GENERATED, DIAGRAM.getFileName().toString()));
		String committed = Files.exists(DIAGRAM) ? Files.readString(DIAGRAM) : "";
		if (!sortedLines(committed).equals(sortedLines(drawn))) {
			Files.createDirectories(DIAGRAM.getParent());
			Files.writeString(DIAGRAM, drawn);
		}
		assertThat(sortedLines(committed))
			.as("%s did not match the code; it has been redrawn: review and commit it", DIAGRAM)
			.isEqualTo(sortedLines(drawn));
	}

	private static List<String> sortedLines(String diagram) {
		return diagram.lines().sorted().toList();
	}

}
