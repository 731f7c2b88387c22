package io.pipewright.lead;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultCurrency the currency of a lead that names none
 */
@ConfigurationProperties("pipewright.leads")
@Validated
record LeadsProperties(@NotNull Currency defaultCurrency) {

	LeadsProperties {
		if (defaultCurrency == null) {
			defaultCurrency = Currency.NOK;
		}
	}

}
