package dev.stepup.demo.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the API jar once for the whole test run, against the demo authorization
 * server on {@link DemoPorts#DEMO}; skips each test, as not run rather than passed,
 * when the jar has not been built.
 */
public final class RunningApi implements BeforeEachCallback, ParameterResolver {

	// Per test, not per class, so that every test without the jar is reported as skipped.
	@Override
	public void beforeEach(ExtensionContext context) {
		Optional<Path> jar = ApiServer.findJar();
		Assumptions.assumeTrue(jar.isPresent(), "API jar not found: build it at the repository root with "
				+ "'./mvnw -DskipTests package' (or pass -Dstepup.api.jar=...); these end-to-end tests did not run");
		store(context).computeIfAbsent(ApiServer.class, (key) -> start(jar.get()), ApiServer.class);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == ApiServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return store(context).get(ApiServer.class, ApiServer.class);
	}

	private static ExtensionContext.Store store(ExtensionContext context) {
		return context.getRoot().getStore(ExtensionContext.Namespace.create(RunningApi.class));
	}

	private static ApiServer start(Path jar) {
		try {
			// as demo/run.sh runs it: the page and the tests must speak DPoP to move money
			return ApiServer.start(jar, DemoPorts.API, DemoPorts.issuer(), "api-server", ApiServer.DEMO_DPOP_SETTINGS);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start the API from " + jar, ex);
		}
	}

}
