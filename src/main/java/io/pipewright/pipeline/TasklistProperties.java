package io.pipewright.pipeline;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param language the language of the Tasklist filters created on the first start:
 * {@code en} or {@code nb} (Norwegian bokmål). Tasklist's own screens follow each rep's
 * browser.
 */
@ConfigurationProperties("pipewright.tasklist")
@Validated
record TasklistProperties(@NotNull Language language) {

	enum Language {

		en, nb

	}

	TasklistProperties {
		if (language == null) {
			language = Language.en;
		}
	}

}
