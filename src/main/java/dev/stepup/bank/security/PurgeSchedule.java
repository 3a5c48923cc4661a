package dev.stepup.bank.security;

import java.time.Duration;

import dev.stepup.bank.security.dpop.DPoPProperties;
import dev.stepup.bank.security.dpop.UsedProofs;
import dev.stepup.bank.security.stepup.SpentAuthentications;
import dev.stepup.bank.security.stepup.SpentTokens;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * When the tables of things used once (spent tokens, spent authentications,
 * used DPoP proofs) lose their expired rows. The intervals are read from the
 * properties records, not from {@code @Scheduled} placeholders, so each default
 * is written once, in its record.
 */
@Configuration(proxyBeanMethods = false)
class PurgeSchedule implements SchedulingConfigurer {

	private final SecurityProperties security;

	private final DPoPProperties dpop;

	private final SpentTokens spentTokens;

	private final SpentAuthentications spentAuthentications;

	private final UsedProofs usedProofs;

	PurgeSchedule(SecurityProperties security, DPoPProperties dpop, SpentTokens spentTokens,
			SpentAuthentications spentAuthentications, UsedProofs usedProofs) {
		this.security = security;
		this.dpop = dpop;
		this.spentTokens = spentTokens;
		this.spentAuthentications = spentAuthentications;
		this.usedProofs = usedProofs;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		Duration spent = this.security.spentTokens().purgeInterval();
		// the first purge after one interval, not at start: a fresh instance has nothing to purge yet
		tasks.addFixedDelayTask(new FixedDelayTask(this.spentTokens::purgeExpired, spent, spent));
		tasks.addFixedDelayTask(new FixedDelayTask(this.spentAuthentications::purgeExpired, spent, spent));
		Duration proofs = this.dpop.replay().purgeInterval();
		tasks.addFixedDelayTask(new FixedDelayTask(this.usedProofs::purgeExpired, proofs, proofs));
	}

}
