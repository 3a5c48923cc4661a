package dev.stepup.bank.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second line of defence is really there: in the running application every
 * controller method that declares a {@link RequiresScope} goes through the
 * method-security interceptor (the URL rules answer first, so no HTTP test
 * would notice if it were missing).
 */
@ApiIntegrationTest
class RequiresScopeIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void controllersWhenAMethodDeclaresAScopeThenMethodSecurityInterceptsIt() {
		List<String> guarded = new ArrayList<>();
		for (Object controller : this.context.getBeansWithAnnotation(RestController.class).values()) {
			Class<?> type = AopUtils.getTargetClass(controller);
			for (Method method : type.getDeclaredMethods()) {
				if (method.isAnnotationPresent(RequiresScope.class)) {
					guarded.add(type.getSimpleName() + "." + method.getName());
					assertThat(controller).as(type.getSimpleName()).isInstanceOf(Advised.class);
					assertThat(((Advised) controller).getAdvisors()).as(method.toString())
						.anySatisfy((advisor) -> assertThat(intercepts(advisor, method, type)).isTrue());
				}
			}
		}
		assertThat(guarded).containsExactlyInAnyOrder("BalanceController.balance", "TransferController.transfer",
				"TransferController.transfer", "OpeningController.open", "OpeningController.account");
	}

	private static boolean intercepts(Advisor advisor, Method method, Class<?> type) {
		return advisor instanceof AuthorizationManagerBeforeMethodInterceptor
				&& ((PointcutAdvisor) advisor).getPointcut().getMethodMatcher().matches(method, type);
	}

}
