package io.pipewright.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The first administrator, created on the first start.
 *
 * @param user the admin's user id
 * @param password from {@code PIPEWRIGHT_ADMIN_PASSWORD}; required outside the demo
 * profile (see SecretsCheck)
 */
@ConfigurationProperties("pipewright.admin")
@Validated
record AdminProperties(@NotBlank @Size(max = 64) String user, String password) {

	AdminProperties {
		if (user == null) {
			user = "admin";
		}
	}

	/** Never prints the password, wherever the properties are logged. */
	@Override
	public String toString() {
		return "AdminProperties[user=" + this.user + ", password=******]";
	}

}
