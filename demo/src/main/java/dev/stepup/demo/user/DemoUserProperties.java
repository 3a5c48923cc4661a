package dev.stepup.demo.user;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The demo customers, {@code demo.users}.
 *
 * @param users who can sign in
 */
@ConfigurationProperties("demo")
@Validated
record DemoUserProperties(@NotEmpty @Size(max = 100) List<@Valid DemoUser> users) {

}
