package dev.stepup.bank.security.token;

import java.time.Instant;

import com.nimbusds.jose.jwk.source.JWKSetSourceWithHealthStatusReporting;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.health.HealthReport;
import com.nimbusds.jose.util.health.HealthReportListener;
import com.nimbusds.jose.util.health.HealthStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The JWKS endpoint as Nimbus last saw it: every fetch reports here, counted
 * in {@code bank.jwks.fetches} by outcome. DOWN means the last fetch failed;
 * the API keeps verifying with cached keys for the outage tolerance, so this
 * component is left out of the readiness group on purpose.
 */
final class JwksHealth
		implements HealthIndicator, HealthReportListener<JWKSetSourceWithHealthStatusReporting<SecurityContext>, SecurityContext> {

	private final Counter successes;

	private final Counter failures;

	private volatile HealthReport<JWKSetSourceWithHealthStatusReporting<SecurityContext>, SecurityContext> last;

	JwksHealth(MeterRegistry meters) {
		this.successes = Counter.builder("bank.jwks.fetches").tag("outcome", "success").register(meters);
		this.failures = Counter.builder("bank.jwks.fetches").tag("outcome", "failure").register(meters);
	}

	@Override
	public void notify(HealthReport<JWKSetSourceWithHealthStatusReporting<SecurityContext>, SecurityContext> report) {
		this.last = report;
		(report.getHealthStatus() == HealthStatus.HEALTHY ? this.successes : this.failures).increment();
	}

	@Override
	public Health health() {
		var report = this.last;
		if (report == null) {
			return Health.unknown().withDetail("reason", "no key set fetched yet").build();
		}
		Health.Builder health = (report.getHealthStatus() == HealthStatus.HEALTHY) ? Health.up() : Health.down();
		health.withDetail("lastFetch", Instant.ofEpochMilli(report.getTimestamp()).toString());
		if (report.getException() != null) {
			health.withDetail("error", report.getException().getClass().getSimpleName());
		}
		return health.build();
	}

}
