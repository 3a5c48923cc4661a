package dev.stepup.bank.security;

import java.time.Duration;
import java.util.List;

import dev.stepup.bank.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import static org.assertj.core.api.Assertions.assertThat;

/** The purges run on the intervals of their properties records, first after one interval. */
@ApiIntegrationTest
class PurgeScheduleIntegrationTests {

	@Autowired
	ScheduledTaskHolder scheduled;

	@Test
	void purgesRunEveryPurgeIntervalOfTheirRecords() {
		List<FixedDelayTask> purges = this.scheduled.getScheduledTasks()
			.stream()
			.map(ScheduledTask::getTask)
			.filter(FixedDelayTask.class::isInstance)
			.map(FixedDelayTask.class::cast)
			.toList();
		// spent tokens and spent authentications on bank.security.spent-tokens, used proofs on
		// bank.security.dpop.replay: both 10m by default
		assertThat(purges).hasSize(3)
			.allSatisfy((task) -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMinutes(10)))
			.allSatisfy((task) -> assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofMinutes(10)));
	}

}
