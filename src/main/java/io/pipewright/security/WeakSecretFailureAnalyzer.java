package io.pipewright.security;

import io.pipewright.security.SecretsCheck.WeakSecret;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which setting stopped the start, and how to fix it, instead of a stack trace. */
class WeakSecretFailureAnalyzer extends AbstractFailureAnalyzer<WeakSecret> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WeakSecret cause) {
		return new FailureAnalysis(
				"Pipewright refuses to start with unsafe secrets:\n  - " + String.join("\n  - ", cause.problems()),
				"Set each one in the environment (or config/application.yaml) to a value of your own: the admin password "
						+ "at least 8 characters, the token secret at least 32 random characters (e.g. `openssl rand -base64 48`). "
						+ "To try Pipewright on your machine, run with the demo profile (./mvnw spring-boot:run does).",
				cause);
	}

}
