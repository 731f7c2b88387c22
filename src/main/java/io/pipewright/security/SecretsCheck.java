package io.pipewright.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start, before the engine touches the database, with an admin password or
 * token secret that is empty, short or a well-known default, unless the demo profile is
 * on. A server reachable by others must not be guarded by {@code admin/admin}.
 */
class SecretsCheck implements EnvironmentPostProcessor {

	static final String DEMO = "demo";

	private static final Set<String> KNOWN = Set.of("admin", "administrator", "password", "passord", "passwort",
			"losenord", "lösenord", "adgangskode", "changeme", "change-me", "changeit", "secret", "demo", "camunda",
			"pipewright", "default", "test", "letmein", "welcome", "qwerty", "123456", "1234567", "12345678",
			"123456789", "1234567890", "password1", "admin123");

	private record Secret(String property, String variable, int minimumLength) {
	}

	private static final List<Secret> SECRETS = List.of(
			new Secret("pipewright.admin.password", "PIPEWRIGHT_ADMIN_PASSWORD", 8),
			new Secret("pipewright.security.token-secret", "PIPEWRIGHT_TOKEN_SECRET", 32));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.acceptsProfiles(Profiles.of(DEMO))) {
			return;
		}
		List<String> problems = new ArrayList<>();
		for (Secret secret : SECRETS) {
			String value = environment.getProperty(secret.property());
			String problem = problem(value, secret.minimumLength());
			if (problem != null) {
				problems.add(secret.property() + " (environment variable " + secret.variable() + ") " + problem);
			}
		}
		if (!problems.isEmpty()) {
			throw new WeakSecret(problems);
		}
	}

	static String problem(String value, int minimumLength) {
		if (value == null || value.isBlank()) {
			return "is empty";
		}
		if (KNOWN.contains(value.strip().toLowerCase(Locale.ROOT))) {
			return "is a well-known default";
		}
		if (value.length() < minimumLength) {
			return "is shorter than " + minimumLength + " characters";
		}
		return null;
	}

	/** Start-up stopped: these settings are unsafe. */
	static class WeakSecret extends IllegalStateException {

		private final List<String> problems;

		WeakSecret(List<String> problems) {
			super("Refusing to start with unsafe secrets: " + String.join("; ", problems));
			this.problems = List.copyOf(problems);
		}

		List<String> problems() {
			return this.problems;
		}

	}

}
